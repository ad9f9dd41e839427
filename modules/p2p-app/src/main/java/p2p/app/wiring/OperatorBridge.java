package p2p.app.wiring;

import java.time.Clock;
import java.util.function.Supplier;
import p2p.chain.BlockchainClient;
import p2p.chain.FsmState;
import p2p.chain.HealthStatus;
import p2p.server.Announcement;
import p2p.server.AnnouncementSink;
import p2p.server.NodeStatusSink;
import p2p.server.gen2026.NodeStatusNotification;
import p2p.server.gen2026.message.NodeStatusMessage;
import p2p.web.OperatorServer;
import p2p.web.ReadinessCheck;
import p2p.web.notify.Notification;

/**
 * Carries the server's operator events to the operator server, which starts after the server (spec section 1 order):
 * announcements become {@code /p2p-ws} notifications, 2026 node_status messages go out as type {@code node_status}
 * (spec teranode-2026 1.8). Events before {@link #attach} have no WebSocket client to reach and are dropped, as a
 * Teranode node drops them before its HTTP server listens. Also the readiness checks of the services the node
 * depends on (spec section 8). Called from the pubsub loop and worker threads: never blocks.
 */
public final class OperatorBridge implements AnnouncementSink, NodeStatusSink {
    private final Clock clock;
    private volatile OperatorServer operatorServer;

    public OperatorBridge(Clock clock) {
        this.clock = clock;
    }

    /** From now on events reach {@code server}'s WebSocket clients. */
    public void attach(OperatorServer server) {
        this.operatorServer = server;
    }

    /**
     * Under 2026 a new WebSocket client first receives this node's own node_status (spec teranode-2026 1.8).
     */
    public void greetWithOwnStatus(OperatorServer server, Supplier<NodeStatusMessage> ownStatus) {
        server.notifications().greetNewClientsWith(() -> NodeStatusNotification.encode(ownStatus.get(),
                clock.instant()));
    }

    @Override
    public void announce(Announcement a) {
        OperatorServer web = operatorServer;
        if (web == null) {
            return;
        }
        web.notifications().publish(Notification.builder(a.type()).timestamp(clock.instant()).hash(a.hash())
                .baseUrl(a.baseUrl()).peerId(a.peerId()).previousBlockHash(a.previousBlockHash())
                .txCount(a.txCount()).height(a.height()).sizeInBytes(a.sizeInBytes()).miner(a.miner()).build());
    }

    @Override
    public void nodeStatus(NodeStatusMessage status) {
        OperatorServer web = operatorServer;
        if (web != null) {
            web.notifications().publishJson(NodeStatusNotification.encode(status, clock.instant()));
        }
    }

    /** Ready while the blockchain service says it is healthy. */
    public static ReadinessCheck chainHealth(String name, Supplier<HealthStatus> health) {
        return ReadinessCheck.of(name, () -> status(health.get()));
    }

    /** Ready once the blockchain FSM has left IDLE (Teranode's P2P service waits for the same). */
    public static ReadinessCheck fsm(BlockchainClient chain) {
        return ReadinessCheck.of("blockchain-fsm", () -> {
            FsmState state = chain.fsmState();
            return state == FsmState.IDLE ? ReadinessCheck.Status.down("FSM " + state)
                    : ReadinessCheck.Status.up("FSM " + state);
        });
    }

    private static ReadinessCheck.Status status(HealthStatus health) {
        return health.ok() ? ReadinessCheck.Status.up(health.details()) : ReadinessCheck.Status.down(health.details());
    }
}
