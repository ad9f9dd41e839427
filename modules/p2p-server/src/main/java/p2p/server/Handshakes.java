package p2p.server;

import java.util.logging.Level;
import java.util.logging.Logger;
import p2p.chain.BlockHeaderInfo;
import p2p.kafka.message.KafkaBlockTopicMessage;
import p2p.node.crypto.PeerId;
import p2p.server.json.ChainHash;
import p2p.server.message.HandshakeMessage;
import p2p.server.message.MalformedMessageException;
import p2p.server.stream.HandshakeStream;

/**
 * The version/verack handshake (spec section 3.3). Our {@code version} is published on the handshake topic at start;
 * a peer that connects later gets it on the direct stream (spec 2.7), as Teranode later fixed the network-wide
 * broadcast per connection (spec 14.1, 2025-07-21). A received handshake records the claimed peer's height; a
 * {@code version} is answered with a {@code verack} on the direct stream to the message's author (⚠ Go answers the
 * relaying peer, 14.2 #5); then SyncHeights asks block validation to catch up when the peer is ahead. Everything
 * here may block on the blockchain service, so it runs on the worker executor.
 */
final class Handshakes {
    private static final Logger LOG = Logger.getLogger(Handshakes.class.getName());

    private final ServerContext ctx;

    Handshakes(ServerContext ctx) {
        this.ctx = ctx;
    }

    /** Our handshake of {@code type}, from a fresh best header (0 and "" when the blockchain cannot say). */
    private HandshakeMessage own(String type) {
        BlockHeaderInfo best = ctx.bestHeader().orElse(null);
        return new HandshakeMessage(type, ctx.self().toBase58(), best == null ? 0 : best.height(),
                best == null ? "" : best.hash().toDisplayHex(), ctx.settings().dataHubUrl(),
                HandshakeMessage.USER_AGENT, 0);
    }

    /** Publishes our version on the handshake topic (start, spec 1.4 step 14). */
    void publishVersion() {
        ctx.runBlocking("publishing the handshake version",
                () -> ctx.publish(ctx.topics().handshake(), own(HandshakeMessage.VERSION).encode()));
    }

    /** Sends our version to a peer that just connected, on the direct stream only: nobody else needs it. */
    void sendVersionTo(PeerId peer) {
        ctx.runBlocking("sending the handshake version to " + peer, () -> {
            byte[] version = own(HandshakeMessage.VERSION).encode();
            HandshakeStream.send(ctx.node(), peer, version).whenComplete((ok, error) -> {
                if (error != null) {
                    ctx.counters().directFailed.increment();
                    LOG.log(Level.FINE, "version to " + peer + " not sent on " + HandshakeStream.PROTOCOL_ID, error);
                } else {
                    ctx.counters().directSent.increment();
                }
            });
        });
    }

    /** A decoded handshake (not ours) written by {@code author}. */
    void received(HandshakeMessage message, PeerId author) {
        ctx.runBlocking("handling a handshake from " + author, () -> handle(message, author));
    }

    private void handle(HandshakeMessage message, PeerId author) {
        recordHeight(message);
        switch (message.type()) {
            case HandshakeMessage.VERSION -> {
                HandshakeMessage verack = own(HandshakeMessage.VERACK);
                HandshakeStream.send(ctx.node(), author, verack.encode()).whenComplete((ok, error) -> {
                    if (error != null) {
                        ctx.counters().directFailed.increment();
                        LOG.log(Level.FINE, "verack to " + author + " not sent", error);
                    } else {
                        ctx.counters().directSent.increment();
                    }
                    // Go skips the sync when its verack fails; ours goes to the author, who may be hops away and
                    // not connected to us, and the peer's height is worth acting on all the same.
                    ctx.runBlocking("height sync with " + author, () -> syncHeights(message, verack.bestHeight()));
                });
            }
            case HandshakeMessage.VERACK -> syncHeights(message,
                    ctx.bestHeader().map(BlockHeaderInfo::height).orElse(0L));
            default -> LOG.fine(() -> "handshake of type '" + message.type() + "' from " + author
                    + ": height recorded, nothing more");
        }
    }

    /** The peer is ahead: hand its best block to block validation, which fetches what it misses from the DataHub. */
    private void syncHeights(HandshakeMessage message, long localHeight) {
        if (message.bestHeight() > localHeight) {
            if (message.bestHash().isEmpty()) {
                // ⚠ Go parses "" as the zero hash and asks for it (spec 14.2 #19).
                LOG.fine(() -> "peer " + message.peerId() + " is ahead but sent no best hash");
            } else {
                catchUp(message, localHeight);
            }
        }
        recordHeight(message);
    }

    private void catchUp(HandshakeMessage message, long localHeight) {
        String hash;
        try {
            hash = ChainHash.canonical(message.bestHash());
        } catch (MalformedMessageException e) {
            LOG.fine(() -> "peer " + message.peerId() + " is ahead but its best hash does not parse: "
                    + e.getMessage());
            return;
        }
        LOG.info(() -> "peer " + message.peerId() + " is at height " + message.bestHeight() + " > " + localHeight
                + ": asking block validation for " + hash);
        byte[] value = KafkaBlockTopicMessage.newBuilder().setHash(hash).setURL(message.dataHubUrl()).build()
                .toByteArray();
        ctx.blocks().send(value).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warning(() -> "blocks message for " + hash + " not produced: " + error);
            }
        });
    }

    /** Go's height record: under the claimed {@code peerID}, when it decodes as a peer id. */
    private void recordHeight(HandshakeMessage message) {
        TopicHandlers.peerId(message.peerId()).ifPresent(peer -> ctx.heights().update(peer, message.bestHeight()));
    }
}
