/** The User API Gateway: local accounts, token auth, users and tasks. */
package io.cynodeai.gateway;
