package io.cynodeai.contracts.validation;

/** A payload that can check its own wire rules. */
public interface Validated {
    /**
     * Checks the payload.
     *
     * @param path JSON path of this object inside the enclosing payload ("" for the root)
     * @throws InvalidPayload naming the first offending field
     */
    void validate(String path);

    default void validate() {
        validate("");
    }
}
