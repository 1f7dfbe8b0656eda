package io.cynodeai.gateway.redact;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secrets in text with {@value #REDACTED} before anything is stored or sent to a model
 * (inference.md §4): API keys of the common providers, CyNodeAI's own tokens, JWTs, and PEM
 * private key blocks. Says which kinds it found, never the values.
 */
public final class SecretRedactor {
    static final String REDACTED = "SECRET_REDACTED";

    private static final Map<String, Pattern> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put(
                "pem_private_key",
                Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\\s\\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----"));
        KINDS.put("jwt", Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}"));
        KINDS.put("openai_key", Pattern.compile("\\bsk-(?:proj-)?[A-Za-z0-9_-]{16,}"));
        KINDS.put("github_token", Pattern.compile("\\b(?:ghp_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})"));
        KINDS.put("aws_access_key", Pattern.compile("\\bAKIA[0-9A-Z]{16}\\b"));
        KINDS.put("slack_token", Pattern.compile("\\bxox[bp]-[A-Za-z0-9-]{10,}"));
        KINDS.put("cynode_api_token", Pattern.compile("\\bcyn_[A-Za-z0-9_-]{20,}"));
    }

    /** A text with its secrets replaced, and the kinds found. */
    public record Redacted(String text, Set<String> kinds) {}

    private SecretRedactor() {}

    public static Redacted redact(String text) {
        if (text == null || text.isEmpty()) {
            return new Redacted(text, Set.of());
        }
        Set<String> kinds = new TreeSet<>();
        String out = text;
        for (var kind : KINDS.entrySet()) {
            Matcher m = kind.getValue().matcher(out);
            if (m.find()) {
                kinds.add(kind.getKey());
                out = m.replaceAll(REDACTED);
            }
        }
        return new Redacted(out, kinds);
    }
}
