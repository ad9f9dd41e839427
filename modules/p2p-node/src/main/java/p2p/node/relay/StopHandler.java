package p2p.node.relay;

import io.netty.channel.Channel;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.logging.Logger;
import p2p.node.crypto.PeerId;
import p2p.node.host.Direction;
import p2p.node.host.P2PNode;
import p2p.node.host.StreamHandler;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.wire.Futures;

/**
 * Serves {@value RelayProtocols#STOP} (circuit-v2.md, "Stop protocol"): a relay hands us a connection from a peer
 * that dialled us through it. We accept only from relays we hold a reservation on. go-libp2p's client accepts a STOP
 * from any peer; we do not, since a relay we never asked has no business forwarding connections to us, and it would
 * let any peer hide a connection's origin. Accepted: we answer STATUS OK and the stream becomes a connection of the
 * host, upgraded as an inbound one (the gater and ban checks included), honouring the relay's limit. Malformed
 * messages are answered MALFORMED_MESSAGE or UNEXPECTED_MESSAGE and the stream closed; the relay connection stays.
 */
final class StopHandler implements StreamHandler {
    private static final Logger LOG = Logger.getLogger(StopHandler.class.getName());

    private final P2PNode node;
    private final Predicate<PeerId> reservedOn;

    /** @param reservedOn whether we hold a reservation on a relay */
    StopHandler(P2PNode node, Predicate<PeerId> reservedOn) {
        this.node = Objects.requireNonNull(node, "node");
        this.reservedOn = Objects.requireNonNull(reservedOn, "reservedOn");
    }

    @Override
    public void onStream(Channel stream, PeerId relay) {
        RelayStreams.readOne(stream, "STOP from relay " + relay).whenComplete((body, e) -> {
            if (e != null) {
                LOG.fine(() -> "STOP stream from relay " + relay + " failed: " + Futures.unwrap(e).getMessage());
                answerAndClose(stream, RelayStatus.MALFORMED_MESSAGE);
                return;
            }
            CircuitCodec.StopConnect connect;
            try {
                connect = CircuitCodec.decodeStopConnect(body, relay);
            } catch (RelayProtocolException bad) {
                LOG.info(() -> "refused a relayed connection: " + bad.getMessage());
                answerAndClose(stream, bad.answer());
                return;
            }
            if (!reservedOn.test(relay)) {
                LOG.info(() -> "refused a relayed connection from " + connect.source() + ": peer " + relay
                        + " is not a relay we hold a reservation on");
                answerAndClose(stream, RelayStatus.PERMISSION_DENIED);
                return;
            }
            RelayStreams.write(stream, CircuitCodec.stopStatus(RelayStatus.OK));
            RelayLimitHandler.install(stream, connect.limit(), "relayed connection from " + connect.source()
                    + " through " + relay);
            Multiaddr remote = Multiaddr.parse("/p2p/" + relay + "/p2p-circuit/p2p/" + connect.source());
            node.upgradeRelayed(stream, Direction.INBOUND, Optional.of(connect.source()), remote)
                    .whenComplete((peer, failure) -> {
                        if (failure != null) {
                            LOG.fine(() -> "relayed connection from " + connect.source() + " through " + relay
                                    + " failed: " + Futures.unwrap(failure).getMessage());
                        } else {
                            LOG.fine(() -> "relayed connection from " + peer.peerId() + " through " + relay + " ("
                                    + connect.limit() + ")");
                        }
                    });
        });
    }

    private static void answerAndClose(Channel stream, RelayStatus status) {
        if (stream.isActive()) {
            RelayStreams.write(stream, CircuitCodec.stopStatus(status)).addListener(f -> stream.close());
        }
    }
}
