package io.cynodeai.workerapi.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BoundedOutputTest {

    @Test
    void keepsEverythingUnderTheCap() {
        BoundedOutput out = new BoundedOutput(16);
        out.write("héllo".getBytes(StandardCharsets.UTF_8));
        assertThat(out.text()).isEqualTo("héllo");
        assertThat(out.truncated()).isFalse();
    }

    @Test
    void truncatesOnUtf8Boundary() {
        // "aé€😀": 1 + 2 + 3 + 4 bytes; a cap inside each multi-byte character drops it whole.
        byte[] text = "aé€😀".getBytes(StandardCharsets.UTF_8);
        for (int cap = 1; cap < text.length; cap++) {
            BoundedOutput out = new BoundedOutput(cap);
            out.write(text);
            assertThat(out.truncated()).isTrue();
            String kept = out.text();
            assertThat(kept).doesNotContain("\uFFFD");
            assertThat("aé€😀").startsWith(kept);
            assertThat(kept.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(cap);
        }
        BoundedOutput at3 = new BoundedOutput(3);
        at3.write(text);
        assertThat(at3.text()).isEqualTo("aé");
        BoundedOutput at5 = new BoundedOutput(5);
        at5.write(text);
        assertThat(at5.text()).isEqualTo("aé");
    }

    @Test
    void countsWritesAcrossChunks() {
        BoundedOutput out = new BoundedOutput(4);
        out.write("ab".getBytes(StandardCharsets.UTF_8));
        out.write("cd".getBytes(StandardCharsets.UTF_8));
        assertThat(out.truncated()).isFalse();
        out.write("e".getBytes(StandardCharsets.UTF_8));
        assertThat(out.truncated()).isTrue();
        assertThat(out.text()).isEqualTo("abcd");
    }
}
