/** A process's state directory: owner-only files written atomically, and secrets generated once into it. */
package io.cynodeai.localstate;
