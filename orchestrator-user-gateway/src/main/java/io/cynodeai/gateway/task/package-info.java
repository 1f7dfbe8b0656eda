/** Tasks: a user's requests for work, each run as a sandbox job by the control plane. */
package io.cynodeai.gateway.task;
