package p2p.server.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decoders against Go itself (spec section 3.2): {@code go-json-vectors.txt} was written by Go's
 * {@code encoding/json} (the Go test peer's {@code vectors 2025} mode) for about 130 edge cases and 3000 seeded random mutations
 * of valid messages, each with Go's verdict: refused, or the struct it filled, marshalled again by Go. Every input
 * Go refuses must be refused here; every input Go accepts must decode to the same values, which our writer must
 * then turn into exactly Go's bytes.
 */
class GoJsonVectorsTest {

    @FunctionalInterface
    private interface Codec {
        byte[] roundTrip(byte[] input) throws MalformedMessageException;
    }

    private static Codec codec(String kind) {
        return switch (kind) {
            case "block" -> in -> BlockMessage.decode(in).encode();
            case "subtree" -> in -> SubtreeMessage.decode(in).encode();
            case "miningon" -> in -> MiningOnMessage.decode(in).encode();
            case "rejectedtx" -> in -> RejectedTxMessage.decode(in).encode();
            case "handshake" -> in -> HandshakeMessage.decode(in).encode();
            default -> throw new IllegalArgumentException("unknown struct " + kind);
        };
    }

    private static List<String> vectors() throws IOException {
        try (InputStream in = GoJsonVectorsTest.class.getResourceAsStream("/go-json-vectors.txt")) {
            assertTrue(in != null, "go-json-vectors.txt missing from the test resources");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.startsWith("#")).toList();
        }
    }

    @Test
    void everyVerdictOfGosDecoderIsOurs() throws IOException {
        List<String> lines = vectors();
        assertTrue(lines.size() > 3000, "expected the whole vector file, got " + lines.size() + " lines");
        int refused = 0;
        for (String line : lines) {
            String[] parts = line.split("\t", -1);
            byte[] input = HexFormat.of().parseHex(parts[1]);
            String shown = parts[0] + " " + new String(input, StandardCharsets.UTF_8);
            byte[] ours;
            try {
                ours = codec(parts[0]).roundTrip(input);
            } catch (MalformedMessageException e) {
                if (!parts[2].equals("error")) {
                    fail("Go accepts " + shown + " as " + parts[2] + ", we refuse it: " + e.getMessage());
                }
                refused++;
                continue;
            }
            if (parts[2].equals("error")) {
                fail("Go refuses " + shown + ", we accept it as " + new String(ours, StandardCharsets.UTF_8));
            }
            assertEquals(parts[2], new String(ours, StandardCharsets.UTF_8), shown);
        }
        assertTrue(refused > 1000 && refused < lines.size() - 1000, "both verdicts well represented: " + refused);
    }
}
