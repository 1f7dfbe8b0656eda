/** The node-local secure store: owner-only files, written atomically, for what the node was given. */
package io.cynodeai.nodemanager.securestore;
