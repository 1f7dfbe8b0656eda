package io.cynodeai.contracts.validation;

/** A payload broke a wire rule; {@link #field()} names the offending field as a JSON path. */
public final class InvalidPayload extends RuntimeException {
    private final String field;

    private InvalidPayload(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public static InvalidPayload of(String field, String message) {
        return new InvalidPayload(field, message);
    }

    public String field() {
        return field;
    }
}
