/**
 * The OpenAI-compatible face of the gateway (inference.md §2, §4): {@code /v1/models}, {@code
 * /v1/chat/completions} (whole or streamed), the conversation threads they are stored in, the
 * redaction of secrets before anything is stored or sent to a model, and the audit of every
 * request. Errors here use the OpenAI error shape, not problem details.
 */
package io.cynodeai.gateway.chat;
