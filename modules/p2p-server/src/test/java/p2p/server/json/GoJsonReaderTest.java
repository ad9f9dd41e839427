package p2p.server.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import p2p.server.message.MalformedMessageException;

/**
 * The Go-compatible reader and struct filler (spec section 3.2) on what the Go vectors cannot show by themselves:
 * error messages that say what is wrong, Go's nesting limit without a stack overflow, Go's case folding for
 * non-ASCII keys, and every truncation of a valid message.
 */
class GoJsonReaderTest {
    private static final GoStruct KIND = GoStruct.of("Probe", "Kind", GoStruct.Kind.STRING,
            "Size", GoStruct.Kind.UINT32, "Total", GoStruct.Kind.UINT64);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String refused(String json) {
        return assertThrows(MalformedMessageException.class, () -> KIND.decode(utf8(json)), json).getMessage();
    }

    @Test
    void keysFoldWithUnicodeSimpleFoldingOnly() throws Exception {
        // U+212A KELVIN SIGN folds to k, U+017F LONG S to s; dotted and dotless i fold to nothing ASCII in Go.
        assertEquals("kelvin", KIND.decode(utf8("{\"\u212Aind\":\"kelvin\"}")).string("Kind"));
        assertEquals(5, KIND.decode(utf8("{\"\u017Fize\":5}")).uint32("Size"));
        assertEquals("", KIND.decode(utf8("{\"K\u0130nd\":\"dotted\"}")).string("Kind"));
        assertEquals("", KIND.decode(utf8("{\"K\u0131nd\":\"dotless\"}")).string("Kind"));
        assertEquals("x", KIND.decode(utf8("{\"kIND\":\"x\"}")).string("Kind"));
        assertEquals("", KIND.decode(utf8("{\"Kin\":\"prefix only\",\"Kinds\":\"longer\"}")).string("Kind"));
    }

    @Test
    void lastMemberWinsAndNullKeepsTheValue() throws Exception {
        GoStruct.Values v = KIND.decode(utf8("{\"Kind\":\"a\",\"kind\":\"b\",\"KIND\":null,\"Size\":1,\"size\":2}"));
        assertEquals("b", v.string("Kind"));
        assertEquals(2, v.uint32("Size"));
        assertEquals(0, KIND.decode(utf8("null")).uint64("Total"));
    }

    @Test
    void numbersFollowGosUnsignedRules() throws Exception {
        assertEquals(4294967295L, KIND.decode(utf8("{\"Size\":4294967295}")).uint32("Size"));
        assertEquals(-1L, KIND.decode(utf8("{\"Total\":18446744073709551615}")).uint64("Total"));
        assertTrue(refused("{\"Size\":4294967296}").contains("cannot unmarshal number 4294967296 into Go struct "
                + "field Probe.Size of type uint32"));
        assertTrue(refused("{\"Total\":18446744073709551616}").contains("Probe.Total of type uint64"));
        for (String bad : List.of("-1", "-0", "1.0", "1e2", "0E0", "\"1\"", "true", "{}", "[1]")) {
            assertTrue(refused("{\"Size\":" + bad + "}").contains("Probe.Size"), bad);
        }
        assertTrue(refused("{\"Kind\":7}").contains("cannot unmarshal number into Go struct field Probe.Kind of "
                + "type string"));
        assertTrue(refused("{\"Kind\":[\"a\"]}").contains("cannot unmarshal array"));
        assertTrue(refused("[]").contains("cannot unmarshal array into Go value of type Probe"));
        assertTrue(refused("\"Kind\"").contains("cannot unmarshal string into Go value"));
    }

    @Test
    void syntaxErrorsSayWhereAndWhat() {
        assertTrue(refused("").contains("unexpected end of JSON input"));
        assertTrue(refused("{\"Kind\":\"a\"").contains("unexpected end of JSON input"));
        assertTrue(refused("{\"Kind\":\"a\"}x").contains("byte 12: invalid character 'x' after top-level value"));
        assertTrue(refused("{\"Kind\":'a'}").contains("invalid character ''' looking for beginning of value"));
        assertTrue(refused("{\"Kind\":\"\u0001\"}").contains("0x01 in string literal"));
        assertTrue(refused("{\"Kind\":\"\\q\"}").contains("in string escape code"));
        assertTrue(refused("{\"X\":[1,]}").contains("invalid character ']' looking for beginning of value"));
        assertTrue(refused("{\"X\":{\"a\" 1}}").contains("after object key"));
        assertTrue(refused("\uFEFF{}").contains("0xef"));
    }

    @Test
    void everyTruncationOfAValidMessageIsRefused() throws Exception {
        String good = "{\"Kind\":\"a\\u003cb\",\"Size\":12,\"X\":{\"y\":[true,false,null,-1.5e3]},\"Total\":3}";
        KIND.decode(utf8(good));
        for (int cut = 0; cut < good.length(); cut++) {
            refused(good.substring(0, cut));
        }
    }

    @Test
    void nestingUpToGosLimitIsSkippedWithoutRecursion() throws Exception {
        int inner = GoJsonReader.MAX_DEPTH - 1; // the top-level object is the first level
        String deep = "{\"X\":" + "[".repeat(inner) + "]".repeat(inner) + ",\"Size\":9}";
        assertEquals(9, KIND.decode(utf8(deep)).uint32("Size"));
        String tooDeep = "{\"X\":" + "[".repeat(inner + 1) + "]".repeat(inner + 1) + "}";
        assertTrue(refused(tooDeep).contains("exceeded max depth"));
        String deepObjects = "{\"X\":" + "{\"a\":".repeat(inner) + "1" + "}".repeat(inner) + "}";
        KIND.decode(utf8(deepObjects));
    }

    @Test
    void stringsDecodeAsGosUnquote() throws Exception {
        byte[] raw = {'{', '"', 'K', 'i', 'n', 'd', '"', ':', '"', 'a', (byte) 0xFF, (byte) 0xE2, (byte) 0x82, 'b',
            (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80, '"', '}'};
        assertEquals("a\uFFFD\uFFFD\uFFFDb\uD83D\uDE00", KIND.decode(raw).string("Kind"));
        assertEquals("\uFFFD\uFFFDA\uD83D\uDE00", KIND.decode(utf8(
                "{\"Kind\":\"\\udc00\\ud800\\u0041\\ud83d\\ude00\"}")).string("Kind"));
        assertEquals("<>&/\u2028", KIND.decode(utf8("{\"Kind\":\"\\u003c\\u003E\\u0026\\/\\u2028\"}"))
                .string("Kind"));
    }

    @Test
    void hashesParseAsChainhashDoes() throws Exception {
        assertEquals("0".repeat(64), ChainHash.canonical(""));
        assertEquals("0".repeat(61) + "abc", ChainHash.canonical("ABC"));
        assertEquals("0".repeat(62) + "0f", ChainHash.canonical("f"));
        String full = "000000000019D6689C085AE165831E934FF763AE46A2A6C172B3F1B60A8CE26F";
        assertEquals(full.toLowerCase(java.util.Locale.ROOT), ChainHash.canonical(full));
        assertThrows(MalformedMessageException.class, () -> ChainHash.canonical(full + "0"));
        assertThrows(MalformedMessageException.class, () -> ChainHash.canonical("0x12"));
        assertThrows(MalformedMessageException.class, () -> ChainHash.canonical("12 "));
        assertThrows(MalformedMessageException.class, () -> ChainHash.canonical("\u0661"));
    }
}
