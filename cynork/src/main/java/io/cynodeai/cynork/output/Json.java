package io.cynodeai.cynork.output;

import java.util.List;
import java.util.Map;
import tools.jackson.jr.ob.JSON;

/**
 * JSON as jackson-jr reads it: objects as (ordered) maps, arrays as lists, strings, numbers,
 * booleans and null; and reading a value out of it without casts at every call.
 */
public final class Json {
    private static final JSON COMPACT = JSON.builder()
            .enable(JSON.Feature.WRITE_NULL_PROPERTIES, JSON.Feature.PRESERVE_FIELD_ORDERING)
            .build();
    private static final JSON PRETTY = COMPACT.with(JSON.Feature.PRETTY_PRINT_OUTPUT);

    private Json() {}

    /** The value of a JSON text; null when it is empty or not JSON. */
    public static Object parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return COMPACT.anyFrom(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    public static String write(Object value) {
        return COMPACT.asString(value);
    }

    public static String pretty(Object value) {
        return PRETTY.asString(value);
    }

    /** A member of an object (null for none, or when {@code node} is not an object). */
    public static Object get(Object node, String key) {
        return node instanceof Map<?, ?> m ? m.get(key) : null;
    }

    /** A member as text: a string as it is, a number or boolean as written; null for none or an object. */
    public static String text(Object node, String key) {
        Object v = get(node, key);
        return v instanceof String || v instanceof Number || v instanceof Boolean ? v.toString() : null;
    }

    /** A member that is an array (empty for none). */
    public static List<?> list(Object node, String key) {
        return get(node, key) instanceof List<?> l ? l : List.of();
    }
}
