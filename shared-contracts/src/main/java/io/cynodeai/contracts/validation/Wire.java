package io.cynodeai.contracts.validation;

/** The patterns and messages the wire rules share. */
public final class Wire {
    /** A canonical UUID, lower or upper case. */
    public static final String UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    /** A node slug. */
    public static final String SLUG = "[a-z0-9][a-z0-9._-]{0,62}";

    public static final String REQUIRED = "is required";

    private Wire() {}
}
