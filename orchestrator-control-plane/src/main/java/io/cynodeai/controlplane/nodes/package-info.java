/** The node registry: who the nodes are, what they reported, when they were last seen. */
package io.cynodeai.controlplane.nodes;
