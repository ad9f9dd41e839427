package p2p.server;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import p2p.chain.BlockHeaderInfo;
import p2p.kafka.message.KafkaBlockTopicMessage;
import p2p.node.crypto.PeerId;
import p2p.server.message.HandshakeMessage;
import p2p.server.stream.HandshakeStream;

/**
 * The version/verack handshake (spec section 3): our {@code version} is published on the handshake topic at start and
 * when a peer connects; a peer's {@code version} is answered with a {@code verack} over the direct stream; either
 * kind updates the peer's height and, when the peer is ahead, asks block validation to catch up through Kafka.
 * Everything here may block on the blockchain service, so it runs on the worker executor.
 */
final class Handshakes {
    private static final Logger LOG = Logger.getLogger(Handshakes.class.getName());
    /** How long a version for a new peer waits for that peer to join the handshake topic (so it hears it). */
    static final Duration SUBSCRIPTION_WAIT = Duration.ofSeconds(10);
    private static final Duration SUBSCRIPTION_POLL = Duration.ofMillis(100);

    private final ServerContext ctx;

    Handshakes(ServerContext ctx) {
        this.ctx = ctx;
    }

    private HandshakeMessage own(HandshakeMessage.Type type) {
        BlockHeaderInfo best = ctx.bestHeader().orElse(null);
        return new HandshakeMessage(type, ctx.self().toBase58(), best == null ? 0 : best.height(),
                best == null ? "" : best.hash().toDisplayHex(), ctx.settings().dataHubUrl(),
                HandshakeMessage.USER_AGENT, 0);
    }

    /** Publishes our version now. */
    void publishVersion() {
        ctx.runBlocking("publishing the handshake version",
                () -> ctx.publish(ctx.topics().handshake(), own(HandshakeMessage.Type.VERSION).encode()));
    }

    /**
     * Publishes our version for a peer that just connected, once it has joined the handshake topic (or after
     * {@link #SUBSCRIPTION_WAIT}): published earlier, the message would not reach it.
     */
    void publishVersionFor(PeerId peer) {
        ctx.runBlocking("publishing the handshake version for " + peer, () -> {
            Instant deadline = Instant.now().plus(SUBSCRIPTION_WAIT);
            try {
                while (Instant.now().isBefore(deadline) && ctx.node().isConnected(peer)
                        && !subscribed(peer)) {
                    Thread.sleep(SUBSCRIPTION_POLL);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            ctx.publish(ctx.topics().handshake(), own(HandshakeMessage.Type.VERSION).encode());
        });
    }

    private boolean subscribed(PeerId peer) throws InterruptedException {
        try {
            Set<PeerId> peers = ctx.node().topicPeers(ctx.topics().handshake()).get(5, TimeUnit.SECONDS);
            return peers.contains(peer);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    /** A decoded handshake from {@code from} (the delivering peer, who gets the verack). */
    void received(HandshakeMessage message, PeerId from) {
        ctx.runBlocking("handling a handshake from " + from, () -> handle(message, from));
    }

    private void handle(HandshakeMessage message, PeerId from) {
        PeerId author = PeerId.parse(message.peerId());
        ctx.heights().update(author, message.bestHeight());
        long localHeight = ctx.bestHeader().map(BlockHeaderInfo::height).orElse(0L);
        if (message.type() == HandshakeMessage.Type.VERSION) {
            byte[] verack = own(HandshakeMessage.Type.VERACK).encode();
            HandshakeStream.send(ctx.node(), from, verack).whenComplete((ok, error) -> {
                if (error != null) {
                    LOG.log(Level.FINE, "verack to " + from + " not sent", error);
                }
            });
        }
        syncHeights(message, localHeight);
    }

    /** The peer is ahead: hand its best block to block validation, which fetches what it misses from the DataHub. */
    private void syncHeights(HandshakeMessage message, long localHeight) {
        if (message.bestHeight() <= localHeight || message.bestHash().isEmpty()) {
            return;
        }
        LOG.info(() -> "peer " + message.peerId() + " is at height " + message.bestHeight() + " > " + localHeight
                + ": asking block validation for " + message.bestHash());
        byte[] value = KafkaBlockTopicMessage.newBuilder().setHash(message.bestHash())
                .setURL(message.dataHubUrl()).build().toByteArray();
        ctx.blocks().send(value).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warning(() -> "blocks message for " + message.bestHash() + " not produced: " + error);
            }
        });
    }
}
