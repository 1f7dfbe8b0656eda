package io.cynodeai.cynork.command;

import io.cynodeai.cynork.output.Printer;
import java.util.LinkedHashMap;
import java.util.Map;

/** Building what a command prints: a JSON object, and the key=value pairs of its table line. */
final class Records {
    private Records() {}

    /** An object of alternating keys and values, in that order (null values left out). */
    static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> node = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                node.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return node;
    }

    /** Prints an object: as JSON, or its fields as one line. */
    static void one(Printer printer, Map<String, Object> node) {
        printer.record(node, node);
    }

    /** The named members of a JSON object, in that order, those it has. */
    static Map<String, Object> pairs(Object node, String... keys) {
        Map<String, Object> pairs = new LinkedHashMap<>();
        if (node instanceof Map<?, ?> m) {
            for (String k : keys) {
                if (m.containsKey(k)) {
                    pairs.put(k, m.get(k));
                }
            }
        }
        return pairs;
    }
}
