/**
 * The task and job lifecycle, owned here alone: the schema, the statuses, and every transition a
 * job can make ({@link io.cynodeai.jobs.JobLifecycle}); both orchestrator services go through it.
 */
package io.cynodeai.jobs;
