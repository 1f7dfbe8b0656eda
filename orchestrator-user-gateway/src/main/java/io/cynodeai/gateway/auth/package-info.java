/** Local user authentication: login, refresh with rotation, logout, access tokens, audit. */
package io.cynodeai.gateway.auth;
