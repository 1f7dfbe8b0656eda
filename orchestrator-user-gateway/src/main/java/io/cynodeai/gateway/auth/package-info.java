/** Local user authentication: login, refresh with rotation, logout, access tokens, API tokens for programs, audit. */
package io.cynodeai.gateway.auth;
