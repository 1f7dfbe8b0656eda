package io.cynodeai.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.testsupport.EmbeddedDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** The schema migrations on an empty real PostgreSQL of their own: they apply, and applying again is a no-op. */
class MigrationsIT {

    @Test
    void applyToAnEmptyDatabaseAndAreRerunnable() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedDatabase.start(0, null)) {
            Flyway flyway = Flyway.configure()
                    .dataSource(pg.getPostgresDatabase())
                    .locations("classpath:db/migration")
                    .load();
            assertThat(flyway.migrate().migrationsExecuted).isPositive();
            assertThat(flyway.migrate().migrationsExecuted).isZero();
            assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
            Set<String> tables = new HashSet<>();
            Set<String> indexes = new HashSet<>();
            try (Connection c = pg.getPostgresDatabase().getConnection();
                    ResultSet t = c.createStatement()
                            .executeQuery("select tablename from pg_tables where schemaname = 'public'");
                    ResultSet i = c.createStatement()
                            .executeQuery("select indexname from pg_indexes where schemaname = 'public'")) {
                while (t.next()) {
                    tables.add(t.getString(1));
                }
                while (i.next()) {
                    indexes.add(i.getString(1));
                }
            }
            assertThat(tables)
                    .contains(
                            "users",
                            "password_credentials",
                            "refresh_sessions",
                            "auth_audit_log",
                            "nodes",
                            "node_capability_snapshots",
                            "node_configs",
                            "node_config_acks",
                            "tasks",
                            "jobs");
            assertThat(indexes).contains("jobs_queued", "tasks_owner_created");
            assertThat(flyway.info().current().getVersion().getMajor()).isEqualTo(SchemaVersion.REQUIRED);
        }
    }
}
