/** Field-level validation of wire payloads, naming the offending field. */
package io.cynodeai.contracts.validation;
