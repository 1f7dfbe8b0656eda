/**
 * A task's files (tasks.md §5): the blob stores that hold their bytes (PostgreSQL large objects by
 * default, an S3-compatible bucket by configuration), the rows that name them, and the sweep that
 * deletes a blob once nothing names it.
 */
package io.cynodeai.jobs.files;
