package p2p.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import p2p.testkit.go.GoPeer;

/**
 * The committed JSON vector files are exactly what the Go test peer writes now ({@code go-peer vectors 2025|2026},
 * modules/p2p-testkit/go/vectors.go): the vectors come from the same message structs the Go interop tests publish
 * with, so a change to a struct's fields or tags that is not carried into the vectors fails here, before the Java
 * codecs are checked against stale verdicts.
 */
@Tag("interop")
class GoVectorFilesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"2025, /go-json-vectors.txt", "2026, /go-json-vectors-2026.txt"})
    void committedVectorFileIsWhatGoWritesNow(String generation, String resource)
            throws IOException, InterruptedException {
        assumeTrue(GoPeer.available(), "go is not installed (or -Dskip.go=true): the Go test peer cannot run");
        String committed;
        try (InputStream in = GoVectorFilesTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource + " missing from p2p-server's test resources");
            committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String modFlag = generation.equals("2026") ? " -modfile=go2026.mod" : "";
        List<String> written = GoPeer.vectors(generation).lines().toList();
        List<String> kept = committed.lines().toList();
        int first = 0;
        while (first < Math.min(written.size(), kept.size()) && written.get(first).equals(kept.get(first))) {
            first++;
        }
        String committedLine = first < kept.size() ? kept.get(first) : "end of file";
        assertEquals(written.size(), first, resource + " differs from what Go writes now, first at line " + (first + 1)
                + " (committed: " + committedLine + "); write it again:"
                + " cd modules/p2p-testkit/go && go run" + modFlag + " . vectors " + generation
                + " > ../../p2p-server/src/test/resources" + resource);
        assertEquals(written.size(), kept.size(), resource + " has lines after what Go writes now");
    }
}
