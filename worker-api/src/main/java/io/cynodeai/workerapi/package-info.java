/** The Worker API: runs each job in a fresh, locked-down sandbox container. */
package io.cynodeai.workerapi;
