package p2p.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import p2p.chain.BlockHeaderInfo;
import p2p.server.gen2026.Settings2026;
import p2p.server.gen2026.message.Envelope;
import p2p.server.gen2026.message.NodeStatusMessage;

/**
 * This node's 2026 node_status (spec teranode-2026 1.3, 1.4): built from the blockchain service's best header and
 * FSM state, published every {@code statusInterval} (Teranode: 10 s) and after every new block, following
 * {@code listen_mode}: {@code listen_only} leaves {@code base_url} empty, {@code silent} publishes nothing. Fields
 * this node cannot know are left empty or zero, so Go's omitempty drops the optional ones. {@code chain_work} is
 * the best header's {@code chain_work} from the blockchain service in hex, as Go writes it
 * ({@code hex.EncodeToString}; empty when the service sends none: Go does not omit it). Left out:
 * {@code tx_count}/{@code subtree_count} (no block assembly here), the {@code sync_*} fields (no sync coordinator
 * yet), {@code fee_policy} and {@code min_mining_tx_fee} (no policy settings), {@code storage} (this node serves no
 * DataHub, so it claims neither full nor pruned).
 */
final class NodeStatusPublisher {
    private static final Logger LOG = Logger.getLogger(NodeStatusPublisher.class.getName());

    private final ServerContext ctx;
    private final Settings2026 settings;
    private final Clock clock;
    private final Instant started;
    private final AtomicReference<NodeStatusMessage> latest = new AtomicReference<>();

    NodeStatusPublisher(ServerContext ctx, Settings2026 settings, Clock clock) {
        this.ctx = ctx;
        this.settings = settings;
        this.clock = clock;
        this.started = clock.instant();
    }

    /** Our status now; blocks on the blockchain service, so never call it on the pubsub loop. */
    NodeStatusMessage current() {
        Optional<BlockHeaderInfo> best = ctx.bestHeader();
        String fsm;
        try {
            fsm = ctx.chain().fsmState().name();
        } catch (RuntimeException e) {
            fsm = "";
        }
        Instant now = clock.instant();
        double uptime = Duration.between(started, now).toMillis() / 1000.0;
        String miner = best.map(BlockHeaderInfo::miner).filter(m -> !m.isEmpty()).orElse(settings.minerName());
        NodeStatusMessage status = new NodeStatusMessage(ctx.self().toBase58(), settings.clientName(),
                NodeStatusMessage.TYPE, settings.listenMode().announces() ? settings.dataHubUrl() : "",
                settings.propagationUrl(), settings.version(), settings.commitHash(),
                best.map(h -> h.hash().toDisplayHex()).orElse(""), best.map(BlockHeaderInfo::height).orElse(0L), 0, 0,
                fsm, started.getEpochSecond(), uptime, miner, settings.listenMode().setting(),
                best.map(h -> HexFormat.of().formatHex(h.chainWork())).orElse(""), "", 0, "", 0,
                OptionalDouble.empty(), Optional.empty(), ctx.node().peers().size(), "");
        latest.set(status);
        return status;
    }

    /** The last status built, for a new WebSocket client; built now when none was. */
    NodeStatusMessage latest() {
        NodeStatusMessage status = latest.get();
        return status != null ? status : current();
    }

    /** Publishes our status unless {@code listen_mode} is silent. */
    void publish() {
        if (!settings.listenMode().publishesStatus()) {
            return;
        }
        NodeStatusMessage status = current();
        ctx.publish(settings.topics().nodeStatus(), Envelope.wrap(settings.clientName(), status.encode()).encode());
        LOG.finer(() -> "published node_status at height " + status.bestHeight());
    }

    /** The 80 header bytes as the block message's {@code Header}. */
    static String headerHex(BlockHeaderInfo header) {
        return HexFormat.of().formatHex(header.header());
    }
}
