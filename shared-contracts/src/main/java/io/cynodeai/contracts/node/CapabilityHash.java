package io.cynodeai.contracts.node;

import io.cynodeai.contracts.hash.Sha256;
import io.cynodeai.contracts.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stable capability hash: {@code sha256:<hex>} over the report without {@code reported_at},
 * {@code capability_hash} and {@code state}, with object keys sorted, so the same machine hashes the same on
 * every start whatever order its fields came in.
 */
public final class CapabilityHash {
    private CapabilityHash() {}

    public static String of(NodeCapabilityReport report) {
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = Json.mapper().convertValue(report, Map.class);
        tree.remove("reported_at");
        tree.remove("capability_hash");
        tree.remove("state");
        byte[] canonical = Json.mapper().writeValueAsBytes(canonical(tree));
        return Sha256.prefixed(canonical);
    }

    private static Object canonical(Object value) {
        if (value instanceof Map<?, ?> map) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> {
                if (v != null) {
                    sorted.put(String.valueOf(k), canonical(v));
                }
            });
            return sorted;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(canonical(v)));
            return out;
        }
        return value;
    }
}
