package io.cynodeai.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.ContextConfiguration;

/**
 * A Spring test that needs the database: the JVM-wide embedded PostgreSQL, unless a datasource
 * URL is configured. Opt-in, so tests of modules without a database start none.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ContextConfiguration(initializers = EmbeddedPostgresInitializer.class)
public @interface WithEmbeddedPostgres {}
