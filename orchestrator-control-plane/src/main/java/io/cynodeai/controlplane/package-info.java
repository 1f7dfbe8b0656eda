/** The orchestrator's control plane: nodes, their configuration, and the job dispatcher. */
package io.cynodeai.controlplane;
