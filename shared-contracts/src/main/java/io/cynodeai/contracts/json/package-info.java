/** The one JSON mapping every CyNodeAI process uses for wire payloads. */
package io.cynodeai.contracts.json;
