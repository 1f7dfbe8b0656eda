/**
 * {@code cynodeai.pm}, the model that acts (inference.md §6): a tool-calling loop over the
 * deployment's agent model whose tools run as sandboxed tasks of the chatting user.
 */
package io.cynodeai.gateway.agent;
