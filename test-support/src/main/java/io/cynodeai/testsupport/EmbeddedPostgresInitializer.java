package io.cynodeai.testsupport;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a Spring application at the JVM-wide embedded PostgreSQL unless a datasource URL is
 * configured (then that external server is used). A test asks for it with
 * {@link WithEmbeddedPostgres}.
 */
public class EmbeddedPostgresInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        var env = context.getEnvironment();
        if (env.containsProperty("spring.datasource.url")) {
            return;
        }
        var pg = EmbeddedDatabase.shared();
        env.getPropertySources()
                .addFirst(new MapPropertySource(
                        "embeddedPostgres",
                        Map.of(
                                "spring.datasource.url", EmbeddedDatabase.jdbcUrl(pg),
                                "spring.datasource.username", "postgres",
                                "spring.datasource.password", "")));
    }
}
