/**
 * Where a model answers (inference.md §1–2): the inference paths — each dispatchable node whose
 * inference container reports models, reached through its Worker API with its bearer token, and
 * an external OpenAI-compatible provider — the model catalog over them, and routing with retries
 * before the first output. Both protocols go through the official OpenAI Java SDK: a node's
 * Worker API relays its container's OpenAI-compatible paths, so one client serves every path.
 */
package io.cynodeai.inference;
