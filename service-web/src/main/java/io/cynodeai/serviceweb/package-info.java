/** The HTTP conventions every CyNodeAI service shares: wire JSON, problem details, request ids, body limits, health. */
package io.cynodeai.serviceweb;
