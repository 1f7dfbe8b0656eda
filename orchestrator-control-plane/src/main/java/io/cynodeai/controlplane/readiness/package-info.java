/** Whether the orchestrator can do useful work: a dispatchable node and an inference path. */
package io.cynodeai.controlplane.readiness;
