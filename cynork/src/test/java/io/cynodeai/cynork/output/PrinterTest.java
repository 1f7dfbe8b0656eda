package io.cynodeai.cynork.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrinterTest {
    @Test
    void aTableLineIsKeyValuePairsWithOnlyTheValuesThatNeedItQuoted() {
        Map<String, Object> pairs = new LinkedHashMap<>();
        pairs.put("task_id", "abc");
        pairs.put("exit_code", 3);
        pairs.put("stdout", "two words\nand \"quotes\" \\ tab\t");
        pairs.put("stderr", "");
        pairs.put("ended_at", null);
        pairs.put("attachments", List.of("a b"));
        assertThat(Printer.line(pairs))
                .isEqualTo("task_id=abc exit_code=3 stdout=\"two words\\nand \\\"quotes\\\" \\\\ tab\\t\" stderr=\"\""
                        + " ended_at= attachments=\"[\\\"a b\\\"]\"");
    }

    @Test
    void aControlCharacterIsEscapedNotPrinted() {
        assertThat(Printer.line(Map.of("k", "a\u001b[2Jb"))).isEqualTo("k=\"a\\u001b[2Jb\"");
    }

    @Test
    void jsonKeepsNullsAndTheOrderOfMembers() {
        Object parsed = Json.parse("{\"z\":1,\"a\":null,\"m\":[true,\"x\"]}");
        assertThat(Json.write(parsed)).isEqualTo("{\"z\":1,\"a\":null,\"m\":[true,\"x\"]}");
        assertThat(Json.parse("not json")).isNull();
        assertThat(Json.text(parsed, "z")).isEqualTo("1");
        assertThat(Json.list(parsed, "m")).hasSize(2);
    }
}
