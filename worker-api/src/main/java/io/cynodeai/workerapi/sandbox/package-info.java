/** Sandbox containers: one fresh, labelled, hardened container per job, through the Docker Engine API. */
package io.cynodeai.workerapi.sandbox;
