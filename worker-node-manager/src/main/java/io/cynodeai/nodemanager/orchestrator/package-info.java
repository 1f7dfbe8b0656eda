/** Talking to the control plane: registration with the PSK, then only the URLs of the bootstrap payload. */
package io.cynodeai.nodemanager.orchestrator;
