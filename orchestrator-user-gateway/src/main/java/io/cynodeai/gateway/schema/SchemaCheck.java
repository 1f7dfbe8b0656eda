package io.cynodeai.gateway.schema;

import io.cynodeai.jobs.SchemaVersion;
import io.cynodeai.serviceweb.health.ReadinessCheck;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Ready only once the control plane has migrated the schema to at least the version this build needs. */
@Component
class SchemaCheck implements ReadinessCheck {
    private final JdbcClient jdbc;

    SchemaCheck(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<String> unmet() {
        try {
            Integer version = jdbc.sql("select max(cast(version as integer)) from flyway_schema_history where success")
                    .query(Integer.class)
                    .optional()
                    .orElse(null);
            return version != null && version >= SchemaVersion.REQUIRED
                    ? Optional.empty()
                    : Optional.of("the database schema is not migrated yet (the control plane migrates it)");
        } catch (RuntimeException e) {
            return Optional.of("the database does not answer or has no schema yet");
        }
    }
}
