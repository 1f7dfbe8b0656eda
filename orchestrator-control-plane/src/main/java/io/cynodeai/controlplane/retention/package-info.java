/** Keeping the database to what is still wanted: ended tasks past their retention, and blobs nothing names. */
package io.cynodeai.controlplane.retention;
