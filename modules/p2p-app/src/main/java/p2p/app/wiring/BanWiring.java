package p2p.app.wiring;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import p2p.ban.BanList;
import p2p.ban.BanModuleSettings;
import p2p.ban.PeerBanManager;
import p2p.server.ban.BanEnforcer;
import p2p.server.ban.BanScorer;

/**
 * The ban side of the node as the app wires it (spec section 5), started in three stages: the SQL ban list; its
 * enforcement on the host (the connection gater, disconnect on ban) with the score-based ban manager that bans
 * through it; and the scorer that takes the network's penalties to the manager off the network threads.
 */
public final class BanWiring {
    private final BanModuleSettings settings;
    private final Clock clock;
    private BanList list;
    private BanEnforcer enforcer;
    private PeerBanManager manager;
    private BanScorer scorer;

    public BanWiring(BanModuleSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** Opens the ban list (Derby or PostgreSQL, {@code p2p_ban_*}); closing the result closes it. */
    public AutoCloseable openList() {
        list = BanList.open(settings.list(), clock);
        return list;
    }

    /** Starts enforcement and the ban manager (threshold, duration); after {@link #openList}. */
    public AutoCloseable startEnforcement() {
        enforcer = new BanEnforcer(list);
        manager = new PeerBanManager(settings.threshold(), settings.banDuration(), clock, enforcer);
        return enforcer;
    }

    /** Starts the scorer on its own virtual threads; closing the result stops them. */
    public AutoCloseable startScoring() {
        ExecutorService scoring = Executors.newVirtualThreadPerTaskExecutor();
        scorer = new BanScorer(manager, scoring);
        return scoring::shutdownNow;
    }

    public BanList list() {
        return list;
    }

    public BanEnforcer enforcer() {
        return enforcer;
    }

    public PeerBanManager manager() {
        return manager;
    }

    public BanScorer scorer() {
        return scorer;
    }
}
