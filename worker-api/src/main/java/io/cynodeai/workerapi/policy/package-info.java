/** The node's effective sandbox policy: orchestrator policy tightened by the node's own YAML. */
package io.cynodeai.workerapi.policy;
