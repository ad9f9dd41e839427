package p2p.common.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTreeTest {
    @Test
    void readsEveryValueKind() {
        Object v = JsonTree.read(" {\"a\": [1.5, true, false, null, \"x\\u0041\\n\"], \"b\": {}} ", "test");
        Map<?, ?> m = (Map<?, ?>) v;
        List<?> a = (List<?>) m.get("a");
        assertEquals(1.5, a.get(0));
        assertEquals(Boolean.TRUE, a.get(1));
        assertEquals(Boolean.FALSE, a.get(2));
        assertNull(a.get(3));
        assertEquals("xA\n", a.get(4));
        assertEquals(Map.of(), m.get("b"));
    }

    @Test
    void writtenStringsReadBack() {
        String s = "quote \" backslash \\ tab \t nul \u0000 é";
        StringBuilder out = new StringBuilder();
        JsonWriter.quote(out, s);
        assertEquals(s, JsonTree.read(out.toString(), "test"));
    }

    @Test
    void malformedTextFailsNamingWhatWasRead() {
        for (String bad : List.of("", "[", "[1,]", "{\"a\" 1}", "\"\u0001\"", "\"\\x\"", "\"\\u12\"", "[1] 2", "nul",
                "[".repeat(18) + "]".repeat(18))) {
            JsonException e = assertThrows(JsonException.class, () -> JsonTree.read(bad, "the thing"), bad);
            assertTrue(e.getMessage().startsWith("the thing is not valid JSON"), e.getMessage());
        }
        assertEquals(List.of(List.of()), JsonTree.read("[".repeat(2) + "]".repeat(2), "test"));
    }
}
