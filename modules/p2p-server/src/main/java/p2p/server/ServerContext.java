package p2p.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import p2p.ban.BanList;
import p2p.ban.BanReason;
import p2p.chain.BlockHeaderInfo;
import p2p.chain.BlockchainClient;
import p2p.kafka.MessageProducer;
import p2p.node.crypto.PeerId;
import p2p.node.host.P2PNode;
import p2p.node.pubsub.Gossipsub;
import p2p.node.host.PeerInfo;
import p2p.node.multiaddr.Multiaddr;
import p2p.server.ban.BanScorer;

/** The collaborators and shared state of one server, handed to its parts (handlers, announcer, Kafka bridge). */
record ServerContext(ServerSettings settings, P2PNode node, Gossipsub pubsub, BlockchainClient chain,
                     BanList banList, BanScorer scorer, MessageProducer blocks, MessageProducer subtrees,
                     AnnouncementSink sink, ServerCounters counters, PeerHeights heights, BlockSenders senders,
                     ExecutorService worker) {
    private static final Logger LOG = Logger.getLogger(ServerContext.class.getName());

    PeerId self() {
        return node.peerId();
    }

    TopicNames topics() {
        return settings.topics();
    }

    /** Whether any address we know for {@code peer} (the connection's, and those identify reported) is banned. */
    boolean isBanned(PeerId peer) {
        return node.peer(peer).map(ServerContext::hosts).orElse(Stream.empty()).anyMatch(banList::isBanned);
    }

    private static Stream<String> hosts(PeerInfo info) {
        return Stream.concat(Stream.of(info.remoteAddress()), info.listenAddrs().stream())
                .flatMap(ServerContext::host);
    }

    private static Stream<String> host(Multiaddr address) {
        try {
            return Stream.of(address.host());
        } catch (IllegalStateException notHostAddress) {
            return Stream.empty();
        }
    }

    /**
     * Go's own-message and ban checks on the peer that delivered a message (spec 3.8); false when the message stops
     * here, counted as own or banned on {@code topic}.
     */
    boolean fromOtherUnbannedPeer(ServerCounters.TopicCounts counts, String topic, PeerId from) {
        if (from.equals(self())) {
            counts.own.increment();
            return false;
        }
        if (isBanned(from)) {
            counts.banned.increment();
            LOG.fine(() -> "dropping a " + topic + " message delivered by banned peer " + from);
            return false;
        }
        return true;
    }

    /**
     * Drops a message Go's service would not take, counted as malformed, and scores its signed author
     * {@code protocol_violation} (never the relaying peer, never this node).
     */
    void refuse(ServerCounters.TopicCounts counts, String topic, PeerId author, String why) {
        counts.malformed.increment();
        LOG.fine(() -> "dropping a " + topic + " message by " + author + ": " + why);
        if (!author.equals(self())) {
            scorer.score(author, BanReason.PROTOCOL_VIOLATION, topic + " message: " + why);
        }
    }

    /** Publishes on {@code topic}, counting it; a failure is logged, never thrown. */
    CompletableFuture<Void> publish(String topic, byte[] payload) {
        try {
            return pubsub.publish(topic, payload).whenComplete((ok, error) -> {
                if (error != null) {
                    LOG.log(Level.WARNING, "publishing on " + topic + " failed", error);
                } else {
                    counters.topic(topic).published.increment();
                }
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "publishing on " + topic + " failed", e);
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Runs blocking work (blockchain calls, waits) on the worker executor; nothing once the server stopped. */
    void runBlocking(String what, Runnable task) {
        try {
            worker.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, what + " failed", e);
                }
            });
        } catch (RejectedExecutionException stopped) {
            LOG.fine(() -> "skipped " + what + ": the server is stopping");
        }
    }

    /** Our best header, or empty when the blockchain service cannot say (then 0 and "" are announced). */
    java.util.Optional<BlockHeaderInfo> bestHeader() {
        try {
            return java.util.Optional.of(chain.bestBlockHeader());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "best block header unavailable", e);
            return java.util.Optional.empty();
        }
    }
}
