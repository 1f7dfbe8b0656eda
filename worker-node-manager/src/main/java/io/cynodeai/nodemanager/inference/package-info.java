/** The node's inference container's models, through Ollama's API. */
package io.cynodeai.nodemanager.inference;
