/** Who may call this Worker API: the bearer token delivered in the node's configuration. */
package io.cynodeai.workerapi.auth;
