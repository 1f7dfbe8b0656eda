/** Node identity: node JWTs, and the security chain that demands one on node endpoints. */
package io.cynodeai.controlplane.nodeauth;
