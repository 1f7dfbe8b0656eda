package io.cynodeai.cynork.config;

import io.cynodeai.cynork.CliFailure;
import io.cynodeai.cynork.Exit;
import io.cynodeai.localstate.StateDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The config file of cli.md: {@code gateway_url}, {@code token}, {@code refresh_token},
 * {@code credential_helper}; unknown keys ignored. Reading never creates it; writing creates the
 * directory 0700 and the file 0600, atomically. Its {@code toString} never shows a token.
 */
public record CliConfig(String gatewayUrl, String token, String refreshToken, String credentialHelper) {
    public static final CliConfig EMPTY = new CliConfig(null, null, null, null);

    /** {@code -c PATH}, else {@code $XDG_CONFIG_HOME/cynork/config.yaml}, else {@code ~/.config/cynork/config.yaml}. */
    public static Path path(String flag, Map<String, String> env) {
        if (flag != null && !flag.isBlank()) {
            return Path.of(flag);
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("cynork").resolve("config.yaml");
    }

    /** The file's settings; none when it does not exist. */
    public static CliConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return EMPTY;
        } catch (IOException e) {
            throw new CliFailure(Exit.USAGE, "cannot read the config file " + file + ": " + e.getMessage());
        }
        Object doc;
        try {
            doc = new Load(LoadSettings.builder().build()).loadFromString(text);
        } catch (YamlEngineException e) {
            throw new CliFailure(Exit.USAGE, "the config file " + file + " is not valid YAML");
        }
        if (doc == null) {
            return EMPTY;
        }
        if (!(doc instanceof Map<?, ?> keys)) {
            throw new CliFailure(Exit.USAGE, "the config file " + file + " is not a map of cynork's keys");
        }
        return new CliConfig(
                string(keys, "gateway_url"),
                string(keys, "token"),
                string(keys, "refresh_token"),
                string(keys, "credential_helper"));
    }

    public void save(Path file) {
        Map<String, String> keys = new LinkedHashMap<>();
        put(keys, "gateway_url", gatewayUrl);
        put(keys, "token", token);
        put(keys, "refresh_token", refreshToken);
        put(keys, "credential_helper", credentialHelper);
        try {
            StateDir.writeOwnerOnly(
                    file,
                    keys.isEmpty()
                            ? ""
                            : new Dump(DumpSettings.builder()
                                            .setDefaultFlowStyle(FlowStyle.BLOCK)
                                            .setSplitLines(false)
                                            .build())
                                    .dumpToString(keys));
        } catch (IOException e) {
            throw new CliFailure(Exit.INTERNAL, "cannot write the config file " + file + ": " + e.getMessage());
        }
    }

    public CliConfig withTokens(String access, String refresh) {
        return new CliConfig(gatewayUrl, access, refresh, credentialHelper);
    }

    private static String string(Map<?, ?> keys, String key) {
        Object v = keys.get(key);
        return v == null ? null : v.toString();
    }

    private static void put(Map<String, String> keys, String key, String value) {
        if (value != null) {
            keys.put(key, value);
        }
    }

    @Override
    public String toString() {
        return "CliConfig[gatewayUrl=" + gatewayUrl + ", token=" + (token == null ? "none" : "(set)")
                + ", refreshToken=" + (refreshToken == null ? "none" : "(set)") + ", credentialHelper="
                + credentialHelper + "]";
    }
}
