/** Secrets out of what is stored or sent to a model (inference.md §4): API keys, JWTs, private keys. */
package io.cynodeai.gateway.redact;
