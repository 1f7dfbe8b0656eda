package io.cynodeai.nodemanager.nodeyaml;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * Reads the node YAML with Spring Boot's binder (its snake_case keys bind to {@link NodeYaml}
 * as they would to any settings record) and checks it with Bean Validation. Unknown keys are
 * reported; an invalid value is refused with the key's name.
 */
public final class NodeYamlLoader {
    private static final Validator VALIDATOR = Validation.byDefaultProvider()
            .configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory()
            .getValidator();

    /** Where a rule across keys (an {@code @AssertTrue} method of {@link NodeYaml}) is reported. */
    private static final Map<String, String> RULE_KEYS = Map.of("inference", "inference.mode");

    private NodeYamlLoader() {}

    public record Loaded(NodeYaml yaml, List<String> unknownKeys) {}

    public static Loaded load(Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new InvalidNodeYaml(
                    "node YAML: cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        }
        return parse(text);
    }

    public static Loaded parse(String text) {
        EnumerablePropertySource<?> source = source(text);
        Set<ConfigurationPropertyName> bound = new HashSet<>();
        Set<ConfigurationPropertyName> leaves = new HashSet<>();
        NodeYaml yaml;
        try {
            yaml = new Binder(ConfigurationPropertySources.from(source))
                    .bindOrCreate("", Bindable.of(NodeYaml.class), new AbstractBindHandler() {
                        @Override
                        public Object onSuccess(
                                ConfigurationPropertyName name,
                                Bindable<?> target,
                                BindContext context,
                                Object result) {
                            bound.add(name);
                            if (!result.getClass().isRecord()) {
                                leaves.add(name);
                            }
                            return result;
                        }
                    });
        } catch (BindException e) {
            throw new InvalidNodeYaml(
                    "node YAML: a value has the wrong type (" + key(e.getName().toString()) + ")");
        }
        validate(yaml);
        return new Loaded(yaml, unknownKeys(source, bound, leaves));
    }

    private static EnumerablePropertySource<?> source(String text) {
        List<PropertySource<?>> documents;
        try {
            documents = new YamlPropertySourceLoader()
                    .load("node YAML", new ByteArrayResource(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            throw new InvalidNodeYaml("node YAML: not valid YAML");
        }
        // Spring's YAML reader puts a document that is not a mapping under the key "document".
        if (documents.isEmpty()
                || !(documents.getFirst() instanceof EnumerablePropertySource<?> source)
                || source.getPropertyNames().length == 0
                || Arrays.stream(source.getPropertyNames())
                        .allMatch(n -> n.equals("document") || n.startsWith("document["))) {
            throw new InvalidNodeYaml("node YAML: the document must be a mapping");
        }
        return source;
    }

    private static void validate(NodeYaml yaml) {
        VALIDATOR.validate(yaml).stream()
                .min(Comparator.comparing(
                        (ConstraintViolation<NodeYaml> v) -> v.getPropertyPath().toString()))
                .ifPresent(v -> {
                    String key = snake(v.getPropertyPath().toString());
                    throw InvalidNodeYaml.key(RULE_KEYS.getOrDefault(key, key), v.getMessage());
                });
    }

    /** Keys of the file that bound to nothing (a typo, or a key of another release). */
    private static List<String> unknownKeys(
            EnumerablePropertySource<?> source,
            Set<ConfigurationPropertyName> bound,
            Set<ConfigurationPropertyName> leaves) {
        List<String> unknown = new ArrayList<>();
        for (String raw : source.getPropertyNames()) {
            ConfigurationPropertyName name = ConfigurationPropertyName.adapt(raw, '.');
            boolean known = bound.contains(name) || leaves.stream().anyMatch(l -> l.isAncestorOf(name));
            if (!known) {
                unknown.add(key(raw));
            }
        }
        return unknown;
    }

    private static String key(String name) {
        return name.replace('-', '_');
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
