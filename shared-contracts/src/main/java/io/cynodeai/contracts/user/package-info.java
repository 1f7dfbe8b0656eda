/** Request and response bodies of the User API Gateway. */
package io.cynodeai.contracts.user;
