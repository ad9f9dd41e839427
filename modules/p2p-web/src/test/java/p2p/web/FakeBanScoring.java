package p2p.web;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import p2p.ban.BanReason;
import p2p.ban.BanScore;

/** An in-memory {@link BanScoring}: adds the reason's points, bans at 100, no decay. */
final class FakeBanScoring implements BanScoring {
    static final int THRESHOLD = 100;

    private final Map<String, Integer> scores = new ConcurrentHashMap<>();

    @Override
    public BanScore addScore(String peerId, BanReason reason) {
        int score = scores.merge(peerId, reason.points(), Integer::sum);
        boolean banned = score >= THRESHOLD;
        return new BanScore(peerId, score, banned, banned ? Instant.now().plusSeconds(86_400) : null);
    }

    @Override
    public Optional<BanScore> score(String peerId) {
        Integer score = scores.get(peerId);
        return score == null ? Optional.empty()
                : Optional.of(new BanScore(peerId, score, score >= THRESHOLD, null));
    }
}
