package io.cynodeai.cynork.gateway;

import io.cynodeai.cynork.CliFailure;
import io.cynodeai.cynork.Exit;
import io.cynodeai.cynork.output.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The User API Gateway: JSON in and out, the bearer token from {@link Credentials} (refreshed
 * once, transparently, on a 401), and every failure as a {@link CliFailure} with the exit code of
 * cli.md and the gateway's own detail.
 *
 * <p>Over the JDK's {@link HttpURLConnection}, not {@code java.net.http.HttpClient}: a CLI makes
 * one request per process, and the newer client sets up TLS and a selector thread before its
 * first plain-http request (measured here: ~300 ms against ~70 ms at start-up). POSTs are never
 * retried by it ({@code sun.net.http.retryPost=false}), so a task is never created twice.
 */
public final class Gateway {
    private static final int CONNECT_MS = 5_000;
    private static final int READ_MS = 90_000;

    static {
        System.setProperty("sun.net.http.retryPost", "false");
    }

    /** A status and a body as read. */
    record Answer(int status, String body) {}

    private final URI base;
    final Credentials credentials;
    private final javax.net.ssl.SSLSocketFactory tls;

    public Gateway(String baseUrl, Credentials credentials) {
        this(baseUrl, credentials, null);
    }

    /** @param tls how an {@code https} gateway is verified; null = the JVM's trusted CAs */
    public Gateway(String baseUrl, Credentials credentials, javax.net.ssl.SSLSocketFactory tls) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.credentials = credentials;
        this.tls = tls;
    }

    public String url() {
        return base.toString();
    }

    /** An unauthenticated GET whose answer is text ({@code /healthz}). */
    public String text(String path) {
        Answer a = call("GET", path, null, null, "text/plain", Map.of());
        if (a.status() >= 400) {
            throw failure(a.status(), a.body());
        }
        return a.body();
    }

    public Object get(String path) {
        return send("GET", path, null, true);
    }

    public Object post(String path, Object body) {
        return send("POST", path, body, true);
    }

    /** Files up and down (tasks.md §5). */
    public GatewayFiles files() {
        return new GatewayFiles(this);
    }

    public Object delete(String path) {
        return send("DELETE", path, null, true);
    }

    /** A request; {@code authenticated}: with the token, refreshed once when the gateway says it expired. */
    public Object send(String method, String path, Object body, boolean authenticated) {
        String token = authenticated ? credentials.token() : null;
        Answer a = call(method, path, body, token, "application/json", Map.of());
        if (a.status() == 401 && token != null) {
            String renewed = credentials.refreshed(this::refresh).orElse(null);
            if (renewed != null) {
                a = call(method, path, body, renewed, "application/json", Map.of());
            }
        }
        if (a.status() >= 400) {
            throw failure(a.status(), a.body());
        }
        return Json.parse(a.body());
    }

    /** A request with this token (already resolved, e.g. before the tokens were forgotten). */
    public Object sendWith(String token, String method, String path, Object body) {
        Answer a = call(method, path, body, token, "application/json", Map.of());
        if (a.status() >= 400) {
            throw failure(a.status(), a.body());
        }
        return Json.parse(a.body());
    }

    /**
     * A request whose answer is read line by line as it arrives (server-sent events); closing the
     * stream closes the connection, from any thread.
     */
    public Stream<String> lines(String method, String path, Object body, String accept, Map<String, String> headers) {
        String token = credentials.token();
        HttpURLConnection c = open(method, path, body, token, accept, headers);
        int status = status(c);
        if (status == 401 && credentials.refreshed(this::refresh).isPresent()) {
            c.disconnect();
            c = open(method, path, body, credentials.token(), accept, headers);
            status = status(c);
        }
        if (status >= 400) {
            String error = read(c, status);
            throw failure(status, error);
        }
        HttpURLConnection connection = c;
        try {
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
            return reader.lines().onClose(connection::disconnect);
        } catch (IOException e) {
            c.disconnect();
            throw unreachable(e);
        }
    }

    /** Trades the refresh token for new tokens ({@code null} when the gateway refuses). */
    Credentials.Pair refresh(String refreshToken) {
        Answer a = call(
                "POST", "v1/auth/refresh", Map.of("refresh_token", refreshToken), null, "application/json", Map.of());
        if (a.status() != 200) {
            return null;
        }
        Object tokens = Json.parse(a.body());
        return new Credentials.Pair(Json.text(tokens, "access_token"), Json.text(tokens, "refresh_token"));
    }

    private Answer call(
            String method, String path, Object body, String token, String accept, Map<String, String> headers) {
        HttpURLConnection c = open(method, path, body, token, accept, headers);
        try {
            int status = status(c);
            return new Answer(status, read(c, status));
        } finally {
            c.disconnect();
        }
    }

    HttpURLConnection open(
            String method, String path, Object body, String token, String accept, Map<String, String> headers) {
        try {
            URI uri = base.resolve(path.startsWith("/") ? path.substring(1) : path);
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            if (tls != null && c instanceof javax.net.ssl.HttpsURLConnection https) {
                https.setSSLSocketFactory(tls);
            }
            c.setRequestMethod(method);
            c.setConnectTimeout(CONNECT_MS);
            c.setReadTimeout(READ_MS);
            c.setInstanceFollowRedirects(false);
            c.setRequestProperty("Accept", accept);
            if (token != null) {
                c.setRequestProperty("Authorization", "Bearer " + token);
            }
            headers.forEach(c::setRequestProperty);
            if (body != null) {
                byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(bytes.length);
                c.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = c.getOutputStream()) {
                    out.write(bytes);
                }
            }
            return c;
        } catch (IllegalArgumentException e) {
            throw new CliFailure(Exit.USAGE, "the gateway URL " + base + " is not a URL cynork can use");
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    int status(HttpURLConnection c) {
        try {
            return c.getResponseCode();
        } catch (IOException e) {
            c.disconnect();
            throw unreachable(e);
        }
    }

    String read(HttpURLConnection c, int status) {
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    CliFailure unreachable(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return new CliFailure(Exit.GATEWAY, "the gateway at " + base + " did not answer in time");
        }
        if (e instanceof ConnectException) {
            return new CliFailure(Exit.GATEWAY, "cannot reach the gateway at " + base);
        }
        if (e instanceof javax.net.ssl.SSLHandshakeException) {
            return new CliFailure(
                    Exit.GATEWAY,
                    "the gateway at " + base + " has a certificate cynork does not trust"
                            + " (set CYNORK_CA_FILE to the PEM file of the CA that signed it)");
        }
        return new CliFailure(Exit.GATEWAY, "the gateway at " + base + " failed: " + e.getMessage());
    }

    /** The gateway's reason: a problem's {@code detail} (or title), an OpenAI error's {@code message}. */
    static CliFailure failure(int status, String body) {
        Object answer = Json.parse(body);
        String detail = Json.text(answer, "detail");
        String message = Json.text(Json.get(answer, "error"), "message");
        String title = Json.text(answer, "title");
        String reason = detail != null ? detail : message != null ? message : title != null ? title : "HTTP " + status;
        return new CliFailure(Exit.ofStatus(status), reason);
    }
}
