package p2p.common.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The writer's own contract. Its Go-exactness (escaping, float64 text, struct field order) is checked against
 * Go 1.26's output by p2p.server's GoJsonVectorsTest through the messages written with it.
 */
class JsonWriterTest {
    @Test
    void writesEveryFieldKindInTheOrderAdded() {
        String text = JsonWriter.object()
                .string("s", "a\"b")
                .unsigned("u", -1L)
                .signed("i", -5)
                .bool("b", true)
                .float64("f", 0.1)
                .bytes("d", new byte[] {1, 2, 3})
                .bytes("nil", null)
                .raw("o", JsonWriter.object().signed("x", 1).toText())
                .toText();
        assertEquals("{\"s\":\"a\\\"b\",\"u\":18446744073709551615,\"i\":-5,\"b\":true,\"f\":0.1,\"d\":\"AQID\","
                + "\"nil\":null,\"o\":{\"x\":1}}", text);
    }

    @Test
    void escapesStringsAsGoDoes() {
        StringBuilder out = new StringBuilder();
        JsonWriter.quote(out, "<a&b>\n\t\u0001\u2028\u2029\ud800x\ud83d\ude00");
        assertEquals("\"\\u003ca\\u0026b\\u003e\\n\\t\\u0001\\u2028\\u2029\ufffdx\ud83d\ude00\"", out.toString());
    }

    @Test
    void writesFloatsAsGoDoes() {
        assertEquals("1e-7", JsonWriter.goFloat(1e-7));
        assertEquals("0.000001", JsonWriter.goFloat(1e-6));
        assertEquals("1e+21", JsonWriter.goFloat(1e21));
        assertEquals("5e-324", JsonWriter.goFloat(Double.MIN_VALUE));
        assertEquals("-0", JsonWriter.goFloat(-0.0));
        assertEquals("123456.789", JsonWriter.goFloat(123456.789));
        assertThrows(IllegalArgumentException.class, () -> JsonWriter.goFloat(Double.NaN));
    }

    @Test
    void arraysReadBackThroughJsonTree() {
        String text = JsonWriter.object()
                .raw("names", JsonWriter.strings(List.of("x", "<y>")))
                .signed("n", 3)
                .float64("half", 0.5)
                .bool("ok", false)
                .raw("none", "null")
                .toText();
        assertEquals("{\"names\":[\"x\",\"\\u003cy\\u003e\"],\"n\":3,\"half\":0.5,\"ok\":false,\"none\":null}", text);
        Map<?, ?> back = (Map<?, ?>) JsonTree.read(text, "test");
        assertEquals(List.of("x", "<y>"), back.get("names"));
        assertEquals(3.0, back.get("n"));
        assertEquals("[1,-2]", JsonWriter.numbers(new long[] {1, -2}));
        assertEquals("[{},[]]", JsonWriter.array(List.of("{}", "[]")));
        assertEquals("[]", JsonWriter.strings(List.of()));
    }

    /** The test peers' line protocols write commands as trees; {@link JsonTree#readObject} reads them back. */
    @Test
    void treesWriteIntegersAsIntegersAndReadBackThroughJsonTree() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("cmd", "publish");
        tree.put("names", List.of("x", "<y>"));
        tree.put("n", 3);
        tree.put("big", 18446744073709551615.0);
        tree.put("half", 0.5);
        tree.put("ok", false);
        tree.put("none", null);
        String text = JsonWriter.tree(tree);
        assertEquals("{\"cmd\":\"publish\",\"names\":[\"x\",\"\\u003cy\\u003e\"],\"n\":3,"
                + "\"big\":18446744073709552000,\"half\":0.5,\"ok\":false,\"none\":null}", text);
        Map<String, Object> back = JsonTree.readObject(text, "test");
        assertEquals(List.of("x", "<y>"), back.get("names"));
        assertEquals(3.0, back.get("n"));
        assertEquals(false, back.get("ok"));
        assertThrows(IllegalArgumentException.class, () -> JsonWriter.tree(Map.of("x", new Object())));
    }

    @Test
    void readObjectRefusesValidJsonThatIsNotAnObject() {
        JsonException e = assertThrows(JsonException.class, () -> JsonTree.readObject("[1]", "go peer line"));
        assertEquals("go peer line is not a JSON object", e.getMessage());
        assertThrows(JsonException.class, () -> JsonTree.readObject("{\"a\":", "go peer line"));
    }
}
