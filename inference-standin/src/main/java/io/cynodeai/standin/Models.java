package io.cynodeai.standin;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** TEST DOUBLE: the models the stand-in "has": those it started with and those pulled since. */
final class Models {
    private final Map<String, Instant> present = new ConcurrentSkipListMap<>();

    Models(List<String> initial) {
        initial.stream().filter(m -> !m.isBlank()).forEach(this::add);
    }

    /** Ollama's rule: a name without a tag means {@code :latest}. */
    static String canonical(String name) {
        String n = name == null ? "" : name.strip();
        return n.isEmpty() || n.contains(":") ? n : n + ":latest";
    }

    void add(String name) {
        present.putIfAbsent(canonical(name), Instant.now());
    }

    boolean has(String name) {
        return present.containsKey(canonical(name));
    }

    Map<String, Instant> all() {
        return Map.copyOf(present);
    }

    /** A stand-in model's nominal size: a fixed figure, so reports are stable. */
    static long size(String name) {
        return 1_000_000L + name.length();
    }
}
