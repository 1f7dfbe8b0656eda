/** Files in and out of a task (tasks.md §5): the rules for their names and sizes, and a copy that hashes as it goes. */
package io.cynodeai.contracts.files;
