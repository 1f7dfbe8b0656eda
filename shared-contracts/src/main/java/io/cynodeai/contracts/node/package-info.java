/** Payloads exchanged between a worker node and the control plane. */
package io.cynodeai.contracts.node;
