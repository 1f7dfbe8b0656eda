package io.cynodeai.cynork;

import io.cynodeai.cynork.config.CliConfig;
import io.cynodeai.cynork.gateway.Credentials;
import io.cynodeai.cynork.gateway.Gateway;
import io.cynodeai.cynork.output.Printer;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** What a command runs with: the config, the gateway, the credentials, the output; made once per process. */
public final class Session {
    public static final String DEFAULT_GATEWAY = "http://localhost:12080";

    private final Map<String, String> env;
    private final Path configFile;
    private final Printer printer;
    private Credentials credentials;
    private Gateway gateway;
    private final InputStream in;
    private final PrintStream err;

    Session(
            Map<String, String> env,
            String configFlag,
            boolean json,
            boolean quiet,
            InputStream in,
            PrintStream out,
            PrintStream err) {
        this.env = env;
        this.configFile = CliConfig.path(configFlag, env);
        this.printer = new Printer(json, quiet, out, err);
        this.in = in;
        this.err = err;
    }

    /**
     * The gateway, from {@code CYNORK_GATEWAY_URL}, the config's {@code gateway_url} or the
     * default, verified over https with {@code CYNORK_CA_FILE}'s CAs when set; made on first use.
     */
    public Gateway gateway() {
        if (gateway == null) {
            CliConfig config = credentials().config();
            String url = present(env.get("CYNORK_GATEWAY_URL"))
                    ? env.get("CYNORK_GATEWAY_URL")
                    : present(config.gatewayUrl()) ? config.gatewayUrl() : DEFAULT_GATEWAY;
            String ca = env.get("CYNORK_CA_FILE");
            gateway = new Gateway(
                    url,
                    credentials(),
                    present(ca) ? io.cynodeai.cynork.gateway.TrustedCas.of(java.nio.file.Path.of(ca)) : null);
        }
        return gateway;
    }

    /** The credentials, with the config file read on first use (a command that needs neither reads nothing). */
    public Credentials credentials() {
        if (credentials == null) {
            credentials = new Credentials(env, configFile, CliConfig.load(configFile));
        }
        return credentials;
    }

    public Printer printer() {
        return printer;
    }

    public InputStream in() {
        return in;
    }

    /** Where prompts, hints and errors go. */
    public PrintStream err() {
        return err;
    }

    public Map<String, String> env() {
        return env;
    }

    public Path configFile() {
        return configFile;
    }

    private static boolean present(String v) {
        return v != null && !v.isBlank();
    }
}
