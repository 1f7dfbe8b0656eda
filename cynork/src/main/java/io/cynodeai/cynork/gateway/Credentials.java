package io.cynodeai.cynork.gateway;

import io.cynodeai.cynork.CliFailure;
import io.cynodeai.cynork.Exit;
import io.cynodeai.cynork.config.CliConfig;
import io.cynodeai.cynork.config.CredentialHelper;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The token, resolved once per process, first non-empty wins: {@code CYNORK_TOKEN}, the config's
 * {@code token}, the credential helper. A refresh (once, with the stored refresh token) rewrites the
 * config, or hands the new token to the helper.
 */
public final class Credentials {
    public static final String NOT_LOGGED_IN = "not logged in: run 'cynork auth login' or set CYNORK_TOKEN";

    /** An access token and its refresh token. */
    public record Pair(String access, String refresh) {}

    private final Map<String, String> env;
    private final Path configFile;
    private CliConfig config;
    private String token;
    private boolean resolved;
    private boolean refreshTried;

    public Credentials(Map<String, String> env, Path configFile, CliConfig config) {
        this.env = env;
        this.configFile = configFile;
        this.config = config;
    }

    /** The token to send; exit 3 without one, before anything is sent. */
    public String token() {
        if (!resolved) {
            resolved = true;
            token = firstNonEmpty(env.get("CYNORK_TOKEN"), config.token());
            if (token == null && present(config.credentialHelper())) {
                token = new CredentialHelper(config.credentialHelper()).get().orElse(null);
            }
        }
        if (token == null) {
            throw new CliFailure(Exit.AUTH, NOT_LOGGED_IN);
        }
        return token;
    }

    /** A new token after a 401, once per process, when a refresh token is stored; empty otherwise. */
    Optional<String> refreshed(Function<String, Pair> refresh) {
        if (refreshTried || present(env.get("CYNORK_TOKEN")) || !present(config.refreshToken())) {
            return Optional.empty();
        }
        refreshTried = true;
        Pair pair = refresh.apply(config.refreshToken());
        if (pair == null) {
            return Optional.empty();
        }
        store(pair);
        token = pair.access();
        return Optional.of(token);
    }

    /** The config as it stands. */
    public CliConfig config() {
        return config;
    }

    /** The stored refresh token, if any. */
    public Optional<String> refreshToken() {
        return present(config.refreshToken()) ? Optional.of(config.refreshToken()) : Optional.empty();
    }

    /** Keeps a new pair: the access token with the helper when there is one, else both in the config file. */
    public void store(Pair pair) {
        if (present(config.credentialHelper())) {
            new CredentialHelper(config.credentialHelper()).store(pair.access());
            config = config.withTokens(null, pair.refresh());
        } else {
            config = config.withTokens(pair.access(), pair.refresh());
        }
        config.save(configFile);
        token = pair.access();
        resolved = true;
    }

    /** Forgets the tokens here (the helper keeps what it keeps); the refresh token, if any, for a logout. */
    public Optional<String> forget() {
        String refresh = config.refreshToken();
        if (config.token() != null || refresh != null) {
            config = config.withTokens(null, null);
            config.save(configFile);
        }
        if (present(config.credentialHelper())) {
            new CredentialHelper(config.credentialHelper()).store("");
        }
        token = null;
        return Optional.ofNullable(refresh);
    }

    private static String firstNonEmpty(String... values) {
        for (String v : values) {
            if (present(v)) {
                return v;
            }
        }
        return null;
    }

    private static boolean present(String v) {
        return v != null && !v.isBlank();
    }
}
