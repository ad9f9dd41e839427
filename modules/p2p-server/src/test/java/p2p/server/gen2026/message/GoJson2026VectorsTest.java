package p2p.server.gen2026.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import p2p.server.message.MalformedMessageException;

/**
 * The 2026 codecs against Go itself (spec teranode-2026 1.1, 1.4): {@code go-json-vectors-2026.txt} was written by
 * Go's {@code encoding/json} (the Go test peer's {@code vectors 2026} mode) for about 150 edge cases (base64 padding and line
 * breaks, byte arrays, float64 spelling, int64 range, omitempty, nil and merged pointers to structs) and 3000 seeded
 * random mutations of valid envelopes and messages, each with Go's verdict. Every input Go refuses must be refused
 * here; every input Go accepts must decode to values our writer turns into exactly Go's bytes.
 */
class GoJson2026VectorsTest {

    @FunctionalInterface
    private interface Codec {
        byte[] roundTrip(byte[] input) throws MalformedMessageException;
    }

    private static Codec codec(String kind) {
        return switch (kind) {
            case "envelope" -> in -> Envelope.decode(in).encode();
            case "block" -> in -> BlockMessage.decode(in).encode();
            case "subtree" -> in -> SubtreeMessage.decode(in).encode();
            case "rejectedtx" -> in -> RejectedTxMessage.decode(in).encode();
            case "nodestatus" -> in -> NodeStatusMessage.decode(in).encode();
            default -> throw new IllegalArgumentException("unknown struct " + kind);
        };
    }

    private static List<String> vectors() throws IOException {
        try (InputStream in = GoJson2026VectorsTest.class.getResourceAsStream("/go-json-vectors-2026.txt")) {
            assertTrue(in != null, "go-json-vectors-2026.txt missing from the test resources");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.startsWith("#")).toList();
        }
    }

    @Test
    void everyVerdictOfGosDecoderIsOurs() throws IOException {
        List<String> lines = vectors();
        assertTrue(lines.size() > 3000, "expected the whole vector file, got " + lines.size() + " lines");
        Map<String, int[]> verdicts = new HashMap<>();
        for (String line : lines) {
            String[] parts = line.split("\t", -1);
            byte[] input = HexFormat.of().parseHex(parts[1]);
            String shown = parts[0] + " " + new String(input, StandardCharsets.UTF_8);
            int[] counts = verdicts.computeIfAbsent(parts[0], k -> new int[2]);
            byte[] ours;
            try {
                ours = codec(parts[0]).roundTrip(input);
            } catch (MalformedMessageException e) {
                if (!parts[2].equals("error")) {
                    fail("Go accepts " + shown + " as " + parts[2] + ", we refuse it: " + e.getMessage());
                }
                counts[0]++;
                continue;
            }
            if (parts[2].equals("error")) {
                fail("Go refuses " + shown + ", we accept it as " + new String(ours, StandardCharsets.UTF_8));
            }
            counts[1]++;
            assertEquals(parts[2], new String(ours, StandardCharsets.UTF_8), shown);
        }
        for (Map.Entry<String, int[]> kind : verdicts.entrySet()) {
            assertTrue(kind.getValue()[0] > 50 && kind.getValue()[1] > 50,
                    kind.getKey() + ": both verdicts well represented, refused/accepted "
                            + kind.getValue()[0] + "/" + kind.getValue()[1]);
        }
    }
}
