package io.cynodeai.contracts.validation;

/** The patterns and messages the wire rules share. */
public final class Wire {
    /**
     * A UUID in its canonical form (RFC 9562: 36 characters, lower-case hex): one spelling per id,
     * since the worker names a task's workspace and a job's container after it.
     */
    public static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    /** Whether {@code value} is a canonical UUID ({@link #UUID}). */
    public static boolean canonicalUuid(String value) {
        return value != null && value.matches(UUID);
    }

    /** A node slug. */
    public static final String SLUG = "[a-z0-9][a-z0-9._-]{0,62}";

    public static final String REQUIRED = "is required";

    private Wire() {}
}
