package io.cynodeai.gateway.auth;

import io.cynodeai.contracts.json.Json;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Writes auth and task events to the audit table; callers never pass a secret. */
@Component
public class AuthAudit {
    private final JdbcClient jdbc;

    AuthAudit(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void record(
            String event, String outcome, UUID userId, String handle, String clientAddr, Map<String, ?> details) {
        jdbc.sql("insert into auth_audit_log (event, outcome, user_id, handle, client_addr, details)"
                        + " values (?, ?, ?, ?, ?, cast(? as jsonb))")
                .params(event, outcome, userId, handle, clientAddr, details == null ? null : Json.write(details))
                .update();
    }
}
