package io.cynodeai.gateway.users;

import io.cynodeai.contracts.user.UserBodies.UserResponse;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

@Repository
class Users {
    private final JdbcClient jdbc;

    Users(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<UserResponse> byId(UUID id) {
        return jdbc.sql("select id, handle, email, is_active, is_admin from users where id = ?")
                .param(id)
                .query(Users::user)
                .optional();
    }

    /** Every user, by handle. */
    List<UserResponse> all() {
        return jdbc.sql("select id, handle, email, is_active, is_admin from users order by handle")
                .query(Users::user)
                .list();
    }

    private static UserResponse user(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new UserResponse(
                rs.getObject(1, UUID.class).toString(),
                rs.getString(2),
                rs.getString(3),
                rs.getBoolean(4),
                rs.getBoolean(5));
    }

    boolean handleExists(String handle) {
        return jdbc.sql("select count(*) from users where handle = ?")
                        .param(handle)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** @return empty when the handle is taken */
    @Transactional
    Optional<UUID> create(String handle, String email, boolean admin, String passwordHash) {
        UUID id = UUID.randomUUID();
        try {
            jdbc.sql("insert into users (id, handle, email, is_admin, is_active) values (?, ?, ?, ?, true)")
                    .params(id, handle, email, admin)
                    .update();
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        }
        jdbc.sql("insert into password_credentials (user_id, password_hash) values (?, ?)")
                .params(id, passwordHash)
                .update();
        return Optional.of(id);
    }

    boolean setActive(UUID id, boolean active) {
        return jdbc.sql("update users set is_active = ?, updated_at = now() where id = ?")
                        .params(active, id)
                        .update()
                > 0;
    }

    boolean setPassword(UUID id, String hash) {
        return jdbc.sql("update password_credentials set password_hash = ?, updated_at = now() where user_id = ?")
                        .params(hash, id)
                        .update()
                > 0;
    }
}
