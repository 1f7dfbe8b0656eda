package io.cynodeai.controlplane.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NdjsonRunTest {
    final List<String> live = new ArrayList<>();

    String read(String body) throws IOException {
        return NdjsonRun.read(
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), (s, t) -> live.add(s + ":" + t));
    }

    @Test
    void outputLinesGoLiveAndTheResultLineIsTheAnswerWithoutItsType() throws IOException {
        String result = read("""
                {"type":"output","stream":"stdout","text":"one\\n"}

                {"type":"output","stream":"stderr","text":"two\\n"}
                {"type":"result","version":1,"status":"completed","exit_code":0,"stdout":"one\\n"}
                """);
        assertThat(live).containsExactly("stdout:one\n", "stderr:two\n");
        assertThat(result).contains("\"status\":\"completed\"").doesNotContain("\"type\"");
    }

    @Test
    void aStreamWithoutAResultOrWithAnUnreadableLineIsAnError() {
        assertThatThrownBy(() -> read("{\"type\":\"output\",\"stream\":\"stdout\",\"text\":\"x\"}\n"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("without a result");
        assertThatThrownBy(() -> read("not json\n")).isInstanceOf(IOException.class);
    }

    @Test
    void noMoreThanTheLiveLimitIsPassedOn() throws IOException {
        String big = "x".repeat(1 << 20);
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            body.append("{\"type\":\"output\",\"stream\":\"stdout\",\"text\":\"")
                    .append(big)
                    .append("\"}\n");
        }
        body.append("{\"type\":\"result\",\"status\":\"completed\"}\n");
        read(body.toString());
        assertThat(live).hasSize((int) (NdjsonRun.LIVE_MAX / big.length()));
    }
}
