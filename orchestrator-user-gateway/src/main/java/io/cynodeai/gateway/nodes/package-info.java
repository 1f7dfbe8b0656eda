/** The worker nodes as the gateway sees them: the administrators' view and actions (drain, resume, revoke, reset), and whether any node could run a task. */
package io.cynodeai.gateway.nodes;
