/** Payloads of the Worker API (run job request and result). */
package io.cynodeai.contracts.worker;
