package io.cynodeai.workerapi.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedOutputLiveTest {
    @Test
    void keptBytesGoLiveInWholeCharactersAndNothingPastTheCap() {
        List<String> live = new ArrayList<>();
        BoundedOutput out = new BoundedOutput(7, "stderr", (stream, text) -> live.add(stream + ":" + text));
        byte[] e = "é".getBytes(StandardCharsets.UTF_8); // 2 bytes
        out.write(new byte[] {'a', e[0]});
        assertThat(live).as("half a character waits").containsExactly("stderr:a");
        out.write(new byte[] {e[1], 'b'});
        out.write("cdefgh".getBytes(StandardCharsets.UTF_8));
        assertThat(live).containsExactly("stderr:a", "stderr:éb", "stderr:cde");
        assertThat(String.join("", live).replace("stderr:", "")).isEqualTo(out.text());
        assertThat(out.truncated()).isTrue();
    }
}
