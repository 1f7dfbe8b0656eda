/** The administrators' view of the worker nodes, and their actions on them: drain, resume, revoke, reset. */
package io.cynodeai.gateway.nodes;
