/** The run-job endpoint: idempotency by job id, concurrency limit, image policy, cancel. */
package io.cynodeai.workerapi.jobs;
