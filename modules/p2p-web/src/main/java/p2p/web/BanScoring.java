package p2p.web;

import java.util.Objects;
import java.util.Optional;

import p2p.ban.BanReason;
import p2p.ban.BanScore;
import p2p.ban.PeerBanManager;

/**
 * What the operator surface needs of score-based banning: AddBanScore, and the ban score GetPeers reports.
 * {@link #of(PeerBanManager)} adapts the real manager; tests may bring their own.
 */
public interface BanScoring {

    /** Adds the reason's points to the peer's score (banning it at the threshold) and returns the new score. */
    BanScore addScore(String peerId, BanReason reason);

    /** The peer's current score, empty when it has none. */
    Optional<BanScore> score(String peerId);

    /** Adapts {@link PeerBanManager}. */
    static BanScoring of(PeerBanManager manager) {
        Objects.requireNonNull(manager, "manager");
        return new BanScoring() {
            @Override
            public BanScore addScore(String peerId, BanReason reason) {
                return manager.addScore(peerId, reason);
            }

            @Override
            public Optional<BanScore> score(String peerId) {
                return manager.score(peerId);
            }
        };
    }
}
