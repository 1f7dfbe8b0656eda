package io.cynodeai.nodemanager.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class HealthProbeTest {

    @Test
    void onlyA200IsHealthy() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", e -> {
            e.sendResponseHeaders(200, -1);
            e.close();
        });
        server.createContext("/down", e -> {
            e.sendResponseHeaders(503, -1);
            e.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            assertThat(HealthProbe.ok(base + "/ok")).isTrue();
            assertThat(HealthProbe.ok(base + "/down")).isFalse();
        } finally {
            server.stop(0);
        }
        assertThat(HealthProbe.ok("http://127.0.0.1:1/")).as("nothing listens").isFalse();
        assertThat(HealthProbe.ok("not a url")).isFalse();
    }
}
