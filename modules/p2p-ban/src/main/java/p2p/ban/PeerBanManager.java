package p2p.ban;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Score-based banning (spec section 5): points per reason, decay of one point per elapsed minute applied when the
 * score is next touched, a ban once the threshold is reached. API fixed by the foundation skeleton.
 */
public final class PeerBanManager {

    public PeerBanManager(int threshold, Duration banDuration, Clock clock, PeerBanHandler handler) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Adds the reason's points to the peer's decayed score; bans and calls the handler when the threshold is reached. */
    public BanScore addScore(String peerId, BanReason reason) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The peer's decayed score, empty when the peer has none. */
    public Optional<BanScore> score(String peerId) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public boolean isBanned(String peerId) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Peer ids currently banned by score. */
    public List<String> listBanned() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public void reset(String peerId) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
