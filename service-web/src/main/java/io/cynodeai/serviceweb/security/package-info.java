/** Stateless bearer authentication on Spring Security's resource server, JWT kinds, and a failure limiter. */
package io.cynodeai.serviceweb.security;
