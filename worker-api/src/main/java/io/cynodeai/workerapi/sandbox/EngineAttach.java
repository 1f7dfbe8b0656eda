package io.cynodeai.workerapi.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * A container attach over the engine socket, read frame by frame. Written by hand because the
 * attach must be established (response headers received) before the container starts, or early
 * output is lost, and docker-java's attach gives no such signal on Podman.
 */
final class EngineAttach implements Closeable {
    private final Closeable connection;
    private final InputStream in;

    private EngineAttach(Closeable connection, InputStream in) {
        this.connection = connection;
        this.in = in;
    }

    /** Attaches to stdout and stderr of a created container; returns once the engine has answered. */
    static EngineAttach open(String dockerHost, String containerId) throws IOException {
        Closeable connection;
        InputStream in;
        OutputStream out;
        URI uri = URI.create(dockerHost);
        if ("unix".equals(uri.getScheme())) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(uri.getPath()));
            connection = channel;
            in = Channels.newInputStream(channel);
            out = Channels.newOutputStream(channel);
        } else {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
            connection = socket;
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }
        String request = "POST /containers/" + containerId + "/attach?stream=1&stdout=1&stderr=1 HTTP/1.1\r\n"
                + "Host: engine\r\nUpgrade: tcp\r\nConnection: Upgrade\r\nContent-Length: 0\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = readHeaders(in);
        if (!status.contains(" 101 ") && !status.contains(" 200 ")) {
            connection.close();
            throw new IOException("the engine refused the attach: " + status.strip());
        }
        return new EngineAttach(connection, in);
    }

    /**
     * Reads frames to the end of the stream, handing each payload to its sink.
     *
     * @return false when it stopped early, after {@code readLimit} bytes: relaying a flood costs
     *     the node (engine, conmon, this process) CPU that no sandbox quota bounds
     */
    boolean pump(BoundedOutput stdout, BoundedOutput stderr, long readLimit) throws IOException {
        byte[] header = new byte[8];
        byte[] chunk = new byte[32 * 1024];
        long read = 0;
        while (readFully(header)) {
            int size = ((header[4] & 0xFF) << 24)
                    | ((header[5] & 0xFF) << 16)
                    | ((header[6] & 0xFF) << 8)
                    | (header[7] & 0xFF);
            BoundedOutput sink = header[0] == 2 ? stderr : stdout;
            while (size > 0) {
                int n = in.read(chunk, 0, Math.min(chunk.length, size));
                if (n < 0) {
                    throw new EOFException("the attach stream ended inside a frame");
                }
                sink.write(chunk, n);
                size -= n;
                read += n;
            }
            if (read > readLimit) {
                return false;
            }
        }
        return true;
    }

    private boolean readFully(byte[] buf) throws IOException {
        int off = 0;
        while (off < buf.length) {
            int n = in.read(buf, off, buf.length - off);
            if (n < 0) {
                if (off == 0) {
                    return false;
                }
                throw new EOFException("the attach stream ended inside a frame header");
            }
            off += n;
        }
        return true;
    }

    private static String readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the engine closed the attach before answering");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1
                    : (b == '\r' ? 1 : 0);
            if (head.size() > 16 * 1024) {
                throw new IOException("the engine's attach answer is too long");
            }
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        return text.substring(0, text.indexOf('\r'));
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
