/** The node's startup sequence (phase 1 section 4) and the background loop that keeps it current. */
package io.cynodeai.nodemanager.startup;
