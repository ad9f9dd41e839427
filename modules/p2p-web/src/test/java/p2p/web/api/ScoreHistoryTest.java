package p2p.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ScoreHistoryTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void onlyChangesAreRecordedAndAReturningPeerIsSeenAgain() {
        ScoreHistory history = new ScoreHistory();
        history.observe(Map.of("a", 0, "b", 10), T0);
        history.observe(Map.of("a", 0, "b", 10), T0.plusSeconds(5));
        history.observe(Map.of("a", 20), T0.plusSeconds(10));
        history.observe(Map.of("a", 20, "b", 10), T0.plusSeconds(15));
        assertEquals(List.of(new ScoreHistory.Entry(T0.getEpochSecond(), "b", 10),
                new ScoreHistory.Entry(T0.getEpochSecond() + 10, "a", 20),
                new ScoreHistory.Entry(T0.getEpochSecond() + 15, "b", 10)), history.entries());
    }

    @Test
    void theHistoryIsBounded() {
        ScoreHistory history = new ScoreHistory();
        for (int i = 1; i <= ScoreHistory.CAPACITY + 10; i++) {
            history.observe(Map.of("a", i), T0.plusSeconds(i));
        }
        List<ScoreHistory.Entry> entries = history.entries();
        assertEquals(ScoreHistory.CAPACITY, entries.size());
        assertEquals(11, entries.getFirst().score());
    }
}
