package io.cynodeai.contracts.validation;

import java.util.Collection;
import java.util.Set;
import java.util.UUID;

/** Small assertions used by payload {@code validate} methods. */
public final class Check {
    private Check() {}

    public static String at(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    public static void versionOne(String path, Integer version) {
        required(path, "version", version);
        if (version != 1) {
            throw InvalidPayload.of(at(path, "version"), "must be 1 (got " + version + ")");
        }
    }

    public static void required(String path, String field, Object value) {
        if (value == null) {
            throw InvalidPayload.of(at(path, field), "is required");
        }
        if (value instanceof String s && s.isBlank()) {
            throw InvalidPayload.of(at(path, field), "must not be empty");
        }
        if (value instanceof Validated v) {
            v.validate(at(path, field));
        }
    }

    public static void optional(String path, String field, Validated value) {
        if (value != null) {
            value.validate(at(path, field));
        }
    }

    public static void oneOf(String path, String field, String value, Set<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw InvalidPayload.of(at(path, field), "must be one of " + sorted(allowed) + " (got '" + value + "')");
        }
    }

    public static void notEmpty(String path, String field, Collection<?> values) {
        required(path, field, values);
        if (values.isEmpty()) {
            throw InvalidPayload.of(at(path, field), "must not be empty");
        }
    }

    public static void positive(String path, String field, Integer value) {
        if (value != null && value <= 0) {
            throw InvalidPayload.of(at(path, field), "must be positive (got " + value + ")");
        }
    }

    public static void uuid(String path, String field, String value) {
        required(path, field, value);
        try {
            UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw InvalidPayload.of(at(path, field), "must be a UUID");
        }
    }

    private static String sorted(Set<String> allowed) {
        return allowed.stream().sorted().toList().toString();
    }
}
