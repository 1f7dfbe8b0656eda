/** The job dispatcher: claims queued jobs from PostgreSQL under leases and runs them on dispatchable nodes. */
package io.cynodeai.controlplane.dispatch;
