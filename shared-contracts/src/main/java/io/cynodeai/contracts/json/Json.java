package io.cynodeai.contracts.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cynodeai.contracts.validation.InvalidPayload;
import io.cynodeai.contracts.validation.Validated;
import io.cynodeai.contracts.validation.WireValidation;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wire JSON mapping: snake_case names, RFC 3339 UTC instants, unknown fields ignored,
 * absent optionals omitted. Every service uses {@link #mapper()} so the rules live in one place.
 */
public final class Json {
    private static final JsonMapper MAPPER = configure(JsonMapper.builder()).build();

    private Json() {}

    /** Applies the wire rules to a builder (services hand theirs in so Spring's mapper agrees). */
    public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
        return builder.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL)
                        .withContentInclusion(JsonInclude.Include.NON_NULL))
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    /**
     * Parses and validates a payload.
     *
     * @throws InvalidPayload when the JSON is malformed or breaks a wire rule
     */
    public static <T extends Validated> T read(String json, Class<T> type) {
        T value;
        try {
            value = MAPPER.readValue(json, type);
        } catch (JacksonException e) {
            throw InvalidPayload.of("$", "malformed JSON for " + type.getSimpleName());
        }
        if (value == null) {
            throw InvalidPayload.of("$", "body is required");
        }
        return WireValidation.check(value);
    }

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }
}
