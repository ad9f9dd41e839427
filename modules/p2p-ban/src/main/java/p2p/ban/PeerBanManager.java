package p2p.ban;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Score-based banning (spec section 5): points per reason, decay of one point per elapsed minute applied when the
 * score is next touched, a ban once the threshold is reached.
 *
 * <p>Decay counts whole minutes since the score last decayed and keeps the remainder, so touching a score often does
 * not stop it from decaying. A ban lasts {@code banDuration}; the handler is called once per ban, after the peer's
 * state is updated and outside any lock, so it may call back into this manager or into the ban list. When a ban has
 * run out the peer starts again from zero. A peer with no points and no ban is forgotten.
 *
 * <p>Thread-safe: each peer's state is replaced atomically ({@link ConcurrentHashMap#compute}).
 */
public final class PeerBanManager {

    private static final long MILLIS_PER_POINT = Duration.ofMinutes(1).toMillis();

    /** A peer's state as of {@code decayedAtMillis}; {@code bannedUntilMillis} is 0 when not banned. */
    private record State(int score, long decayedAtMillis, long bannedUntilMillis) {
        boolean banned(long now) {
            return bannedUntilMillis > now;
        }

        /** The state at {@code now}: whole minutes decayed, an expired ban lifted (and its score with it). */
        State at(long now) {
            if (bannedUntilMillis != 0 && bannedUntilMillis <= now) {
                return new State(0, now, 0);
            }
            long minutes = Math.max(0, now - decayedAtMillis) / MILLIS_PER_POINT;
            if (minutes == 0) {
                return this;
            }
            int decayed = (int) Math.max(0, score - minutes);
            return new State(decayed, decayedAtMillis + minutes * MILLIS_PER_POINT, bannedUntilMillis);
        }

        boolean forgettable() {
            return score == 0 && bannedUntilMillis == 0;
        }
    }

    private final int threshold;
    private final Duration banDuration;
    private final Clock clock;
    private final PeerBanHandler handler;
    // Peer id -> state; each entry is replaced atomically by compute().
    private final ConcurrentHashMap<String, State> peers = new ConcurrentHashMap<>();

    /**
     * @param threshold   score at which a peer is banned ({@code p2p_ban_threshold}), at least 1
     * @param banDuration how long a ban lasts ({@code p2p_ban_duration}), positive
     * @param clock       time source (tests pass a fake one)
     * @param handler     told of each new ban
     */
    public PeerBanManager(int threshold, Duration banDuration, Clock clock, PeerBanHandler handler) {
        if (threshold < 1) {
            throw new IllegalArgumentException("p2p_ban_threshold must be at least 1, got " + threshold);
        }
        if (banDuration == null || banDuration.isNegative() || banDuration.isZero()) {
            throw new IllegalArgumentException("p2p_ban_duration must be positive, got " + banDuration);
        }
        if (clock == null || handler == null) {
            throw new IllegalArgumentException("ban manager clock and handler are required");
        }
        this.threshold = threshold;
        this.banDuration = banDuration;
        this.clock = clock;
        this.handler = handler;
    }

    /** Adds the reason's points to the peer's decayed score; bans and calls the handler when the threshold is reached. */
    public BanScore addScore(String peerId, BanReason reason) {
        requirePeer(peerId);
        if (reason == null) {
            throw new IllegalArgumentException("ban reason is null for peer " + peerId);
        }
        long now = clock.millis();
        boolean[] newlyBanned = new boolean[1];
        State state = peers.compute(peerId, (id, old) -> {
            State current = old == null ? new State(0, now, 0) : old.at(now);
            int score = (int) Math.min(Integer.MAX_VALUE, (long) current.score() + reason.points());
            long bannedUntil = current.bannedUntilMillis();
            if (!current.banned(now) && score >= threshold) {
                bannedUntil = saturatedPlus(now, banDuration);
                newlyBanned[0] = true;
            }
            return new State(score, current.decayedAtMillis(), bannedUntil);
        });
        if (newlyBanned[0]) {
            handler.onPeerBanned(peerId, Instant.ofEpochMilli(state.bannedUntilMillis()), reason);
        }
        return toScore(peerId, state, now);
    }

    /** The peer's decayed score, empty when the peer has none. */
    public Optional<BanScore> score(String peerId) {
        requirePeer(peerId);
        long now = clock.millis();
        State state = touch(peerId, now);
        return Optional.ofNullable(state).map(s -> toScore(peerId, s, now));
    }

    /** True while the peer's score ban lasts. */
    public boolean isBanned(String peerId) {
        requirePeer(peerId);
        long now = clock.millis();
        State state = touch(peerId, now);
        return state != null && state.banned(now);
    }

    /** Peer ids currently banned by score, sorted. */
    public List<String> listBanned() {
        long now = clock.millis();
        return peers.entrySet().stream()
                .filter(entry -> entry.getValue().banned(now))
                .map(java.util.Map.Entry::getKey)
                .sorted()
                .toList();
    }

    /** Forgets the peer's score and any score ban. */
    public void reset(String peerId) {
        requirePeer(peerId);
        peers.remove(peerId);
    }

    /** Applies decay and lifts an expired ban; a peer left with nothing is forgotten. Returns the new state or null. */
    private State touch(String peerId, long now) {
        return peers.computeIfPresent(peerId, (id, old) -> {
            State current = old.at(now);
            return current.forgettable() ? null : current;
        });
    }

    private static BanScore toScore(String peerId, State state, long now) {
        boolean banned = state.banned(now);
        return new BanScore(peerId, state.score(), banned, banned ? Instant.ofEpochMilli(state.bannedUntilMillis()) : null);
    }

    private static long saturatedPlus(long nowMillis, Duration duration) {
        try {
            return Math.addExact(nowMillis, duration.toMillis());
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static void requirePeer(String peerId) {
        if (peerId == null || peerId.isEmpty()) {
            throw new IllegalArgumentException("peer id is empty");
        }
    }
}
