package io.cynodeai.cynork.gateway;

import io.cynodeai.cynork.output.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A task's files through the gateway (tasks.md §5): attachments up with a new task, artifacts down. */
public final class GatewayFiles {
    private final Gateway g;

    GatewayFiles(Gateway g) {
        this.g = g;
    }

    /**
     * A {@code multipart/form-data} POST (tasks.md §5): a {@code request} part with {@code body} as
     * JSON and one {@code attachment} part per file, named by its base name, streamed from disk
     * with the length known up front. The JDK has no multipart encoder and the CLI keeps to the
     * JDK's HTTP client (see Gateway), so the few lines of framing are written here.
     */
    public Object postFiles(String path, Object body, List<Path> files) {
        String token = g.credentials.token();
        Gateway.Answer a = multipart(path, body, files, token);
        if (a.status() == 401 && token != null) {
            String renewed = g.credentials.refreshed(g::refresh).orElse(null);
            if (renewed != null) {
                a = multipart(path, body, files, renewed);
            }
        }
        if (a.status() >= 400) {
            throw Gateway.failure(a.status(), a.body());
        }
        return Json.parse(a.body());
    }

    private Gateway.Answer multipart(String path, Object body, List<Path> files, String token) {
        String boundary = "cynork-" + java.util.UUID.randomUUID();
        byte[] request = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"request\"\r\n"
                        + "Content-Type: application/json\r\n\r\n" + Json.write(body) + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
        List<byte[]> heads = new ArrayList<>();
        long length = request.length;
        try {
            for (Path f : files) {
                String name = f.getFileName()
                        .toString()
                        .replace("\"", "%22")
                        .replace("\r", "")
                        .replace("\n", "");
                byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\""
                                + name + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8);
                heads.add(head);
                length += head.length + Files.size(f) + 2;
            }
            byte[] tail = ("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
            length += tail.length;
            HttpURLConnection c = g.open("POST", path, null, token, "application/json", Map.of());
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(length);
            c.setRequestProperty("Content-Type", "multipart/form-data; boundary=" + boundary);
            try (OutputStream out = c.getOutputStream()) {
                out.write(request);
                for (int i = 0; i < files.size(); i++) {
                    out.write(heads.get(i));
                    Files.copy(files.get(i), out);
                    out.write("\r\n".getBytes(StandardCharsets.UTF_8));
                }
                out.write(tail);
            }
            try {
                int status = g.status(c);
                return new Gateway.Answer(status, g.read(c, status));
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            throw g.unreachable(e);
        }
    }

    /** What a download wrote: how many bytes, their SHA-256 (hex). */
    public record Saved(long bytes, String sha256) {}

    /** Streams a GET's body into {@code out}, hashing it as it goes. */
    public Saved download(String path, OutputStream out) {
        String token = g.credentials.token();
        HttpURLConnection c = g.open("GET", path, null, token, "*/*", Map.of());
        int status = g.status(c);
        if (status == 401 && g.credentials.refreshed(g::refresh).isPresent()) {
            c.disconnect();
            c = g.open("GET", path, null, g.credentials.token(), "*/*", Map.of());
            status = g.status(c);
        }
        try {
            if (status >= 400) {
                throw Gateway.failure(status, g.read(c, status));
            }
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            long total = 0;
            try (InputStream in = c.getInputStream()) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    sha.update(buf, 0, n);
                    out.write(buf, 0, n);
                    total += n;
                }
            }
            return new Saved(total, java.util.HexFormat.of().formatHex(sha.digest()));
        } catch (IOException e) {
            throw g.unreachable(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            c.disconnect();
        }
    }
}
