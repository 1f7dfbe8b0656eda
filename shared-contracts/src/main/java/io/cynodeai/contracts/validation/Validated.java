package io.cynodeai.contracts.validation;

/**
 * A wire payload. Its rules are Bean Validation constraints on its components, checked by
 * {@link WireValidation} wherever it crosses a boundary (a request body, {@code Json.read}).
 */
public interface Validated {}
