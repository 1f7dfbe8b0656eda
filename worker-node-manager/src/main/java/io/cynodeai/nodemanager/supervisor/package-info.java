/** Supervision of the node's worker-api child process. */
package io.cynodeai.nodemanager.supervisor;
