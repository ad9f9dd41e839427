package p2p.server.ban;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import p2p.ban.BanReason;
import p2p.ban.BanScore;
import p2p.ban.PeerBanManager;
import p2p.node.crypto.PeerId;
import p2p.node.pubsub.PeerPenaltyListener;
import p2p.node.pubsub.PenaltyReason;

/**
 * Adds ban score off the caller's thread: reaching the threshold writes the ban list (SQL), which must never run on
 * the pubsub loop or an event loop. Also the gossip penalty listener: pubsub's penalties become ban score.
 */
public final class BanScorer implements PeerPenaltyListener {
    private static final Logger LOG = Logger.getLogger(BanScorer.class.getName());

    private final PeerBanManager banManager;
    private final ExecutorService executor;

    /** @param executor runs the scoring; a virtual-thread executor suits it */
    public BanScorer(PeerBanManager banManager, ExecutorService executor) {
        this.banManager = banManager;
        this.executor = executor;
    }

    /** Scores {@code peer} for {@code reason}; {@code why} is logged. */
    public void score(PeerId peer, BanReason reason, String why) {
        try {
            executor.execute(() -> {
                try {
                    BanScore score = banManager.addScore(peer.toBase58(), reason);
                    LOG.info(() -> "ban score of " + peer + " +" + reason.points() + " (" + reason.wireName() + ": "
                            + why + ") = " + score.score());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "scoring " + peer + " for " + reason.wireName() + " failed", e);
                }
            });
        } catch (RejectedExecutionException stopped) {
            LOG.fine(() -> "not scoring " + peer + " (" + why + "): the server is stopping");
        }
    }

    @Override
    public void onPenalty(PeerId peer, PenaltyReason reason, String detail) {
        score(peer, BanReason.fromWireName(reason.banReason()), "gossipsub: " + detail);
    }
}
