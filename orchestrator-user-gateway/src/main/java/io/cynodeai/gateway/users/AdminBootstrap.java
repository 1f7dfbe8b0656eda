package io.cynodeai.gateway.users;

import io.cynodeai.gateway.auth.AuthAudit;
import io.cynodeai.gateway.auth.AuthSettings;
import io.cynodeai.gateway.auth.Passwords;
import io.cynodeai.localstate.StateDir;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * A fresh install gets the user {@code admin}: its password comes from
 * {@code CYNODE_BOOTSTRAP_ADMIN_PASSWORD}, else it is generated once, shown on the terminal when
 * there is one, and kept owner-only in the state dir; it never goes to a log line.
 */
@Component
class AdminBootstrap implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final Users users;
    private final Passwords passwords;
    private final AuthAudit audit;
    private final String configured;

    AdminBootstrap(Users users, Passwords passwords, AuthAudit audit, AuthSettings settings) {
        this.users = users;
        this.passwords = passwords;
        this.audit = audit;
        this.configured = settings.bootstrapAdminPassword();
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (users.handleExists("admin")) {
            return;
        }
        String password = configured;
        boolean generated = password == null || password.isBlank();
        if (generated) {
            byte[] raw = new byte[18];
            new SecureRandom().nextBytes(raw);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        }
        if (users.create("admin", null, true, passwords.hash(password)).isEmpty()) {
            return; // another gateway instance created it first
        }
        audit.record("bootstrap_admin", "success", null, "admin", null, null);
        if (generated) {
            Path file = StateDir.root().resolve("secrets").resolve("bootstrap_admin_password");
            StateDir.writeOwnerOnly(file, password);
            if (System.console() != null) {
                System.console().printf("%nadmin password (shown once): %s%n%n", password);
            }
            log.info("created user admin with a generated password, kept owner-only in {}", file);
        } else {
            log.info("created user admin with the password from CYNODE_BOOTSTRAP_ADMIN_PASSWORD");
        }
    }
}
