package p2p.web.api;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ban-score history the dashboard charts ({@code GET /api/v1/banscores}): each time a connected peer's score is
 * seen to differ from the last one seen, one entry. Fed from GetPeers' view at each sample, so a score that rose and
 * fell between two samples is not seen; bounded to the newest {@link #CAPACITY} entries.
 */
final class ScoreHistory {
    static final int CAPACITY = 500;

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final Map<String, Integer> lastScores = new HashMap<>();

    /** Records the scores in {@code scores} (peer id to score) that changed since the last observation. */
    synchronized void observe(Map<String, Integer> scores, Instant now) {
        scores.forEach((peer, score) -> {
            Integer last = lastScores.put(peer, score);
            if ((last == null && score != 0) || (last != null && last.intValue() != score)) {
                if (entries.size() == CAPACITY) {
                    entries.removeFirst();
                }
                entries.addLast(new Entry(now.getEpochSecond(), peer, score));
            }
        });
        // Peers gone since keep no last score: one that comes back with a score is recorded again.
        lastScores.keySet().retainAll(scores.keySet());
    }

    /** The entries, oldest first. */
    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    record Entry(long timeSeconds, String peerId, int score) {
    }
}
