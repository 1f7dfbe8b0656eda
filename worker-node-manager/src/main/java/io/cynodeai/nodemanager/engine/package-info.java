/** The container engine of the node: making sure its API serves, and the one inference container. */
package io.cynodeai.nodemanager.engine;
