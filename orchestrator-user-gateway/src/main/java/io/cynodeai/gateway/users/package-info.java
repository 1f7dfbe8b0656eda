/** Local user accounts: the bootstrap admin, the current user, and admin account management. */
package io.cynodeai.gateway.users;
