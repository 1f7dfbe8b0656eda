/**
 * The node's model, reachable from the orchestrator only through the Worker API with the node's
 * bearer token (the inference container itself listens on loopback and has no authentication).
 */
package io.cynodeai.workerapi.inference;
