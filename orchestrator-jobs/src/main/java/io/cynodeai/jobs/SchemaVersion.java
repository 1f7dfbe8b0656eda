package io.cynodeai.jobs;

/** The schema this build needs: the highest migration under {@code db/migration}. */
public final class SchemaVersion {
    /** Checked against the migrations by {@code MigrationsIT}. */
    public static final int REQUIRED = 12;

    private SchemaVersion() {}
}
