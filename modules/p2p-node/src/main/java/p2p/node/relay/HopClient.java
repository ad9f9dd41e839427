package p2p.node.relay;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import p2p.node.crypto.PeerId;
import p2p.node.host.Direction;
import p2p.node.host.P2PNode;
import p2p.node.host.PeerInfo;
import p2p.node.wire.Futures;

/**
 * The client side of {@value RelayProtocols#HOP} (circuit-v2.md, "Hop protocol") on a relay we are connected to:
 * RESERVE asks for a slot so the relay forwards connections to us; CONNECT asks it to join us to a peer that holds a
 * slot, after which the stream is the raw pipe of a connection that the host upgrades like a direct one. Each answer
 * must arrive within {@code answerTimeout}; a relay's refusal fails the future with {@link RelayRefusedException}.
 */
final class HopClient {
    private final P2PNode node;
    private final Duration answerTimeout;
    private final Clock clock;

    HopClient(P2PNode node, Duration answerTimeout, Clock clock) {
        this.node = Objects.requireNonNull(node, "node");
        this.answerTimeout = Objects.requireNonNull(answerTimeout, "answerTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Sends RESERVE to the connected {@code relay}; completes with the reservation it granted. */
    CompletableFuture<Reservation> reserve(PeerId relay) {
        CompletableFuture<Reservation> result = new CompletableFuture<>();
        open(relay, "RESERVE", result, (stream, timeout) -> {
            RelayStreams.write(stream, CircuitCodec.reserve());
            RelayStreams.readOne(stream, "RESERVE answer of relay " + relay).whenComplete((body, e) -> {
                stream.close();
                if (e != null) {
                    result.completeExceptionally(Futures.unwrap(e));
                    return;
                }
                try {
                    CircuitCodec.HopAnswer answer = CircuitCodec.decodeHopAnswer(body, relay, node.peerId(), true,
                            clock.instant());
                    if (answer.status() != RelayStatus.OK) {
                        result.completeExceptionally(new RelayRefusedException(relay, "RESERVE", answer.status()));
                    } else {
                        result.complete(answer.reservation().orElseThrow());
                    }
                } catch (RelayProtocolException bad) {
                    result.completeExceptionally(bad);
                }
            });
        });
        return result;
    }

    /**
     * Sends CONNECT for {@code address}'s target to its relay, which must be connected, and upgrades the stream into a
     * connection of the host; completes with the connected peer.
     */
    CompletableFuture<PeerInfo> connect(CircuitAddress address) {
        PeerId relay = address.relay();
        CompletableFuture<PeerInfo> result = new CompletableFuture<>();
        String request = "CONNECT to " + address.target();
        open(relay, request, result, (stream, timeout) -> {
            RelayStreams.write(stream, CircuitCodec.connect(address.target()));
            RelayStreams.readOne(stream, request + " answer of relay " + relay).whenComplete((body, e) -> {
                timeout.cancel(false); // the upgrade that follows has its own handshake timeout
                if (e != null) {
                    stream.close();
                    result.completeExceptionally(Futures.unwrap(e));
                    return;
                }
                CircuitCodec.HopAnswer answer;
                try {
                    answer = CircuitCodec.decodeHopAnswer(body, relay, node.peerId(), false, clock.instant());
                } catch (RelayProtocolException bad) {
                    stream.close();
                    result.completeExceptionally(bad);
                    return;
                }
                if (answer.status() != RelayStatus.OK) {
                    stream.close();
                    result.completeExceptionally(new RelayRefusedException(relay, request, answer.status()));
                    return;
                }
                RelayLimitHandler.install(stream, answer.limit(), "relayed connection to " + address.target()
                        + " through " + relay);
                node.upgradeRelayed(stream, Direction.OUTBOUND, Optional.of(address.target()), address.toMultiaddr())
                        .whenComplete((peer, failure) -> {
                            if (failure != null) {
                                result.completeExceptionally(Futures.unwrap(failure));
                            } else {
                                result.complete(peer);
                            }
                        });
            });
        });
        return result;
    }

    /**
     * Opens a /hop stream and runs {@code exchange} on it with the timer that fails the request when the relay has not
     * answered within the answer timeout.
     */
    private <T> void open(PeerId relay, String request, CompletableFuture<T> result,
                          BiConsumer<Channel, ScheduledFuture<?>> exchange) {
        node.newStream(relay, RelayProtocols.HOP, stream -> {
            ScheduledFuture<?> timeout = stream.eventLoop().schedule(() -> {
                if (result.completeExceptionally(new RelayProtocolException("relay " + relay + " did not answer "
                        + request + " within " + answerTimeout))) {
                    stream.close();
                }
            }, answerTimeout.toNanos(), TimeUnit.NANOSECONDS);
            result.whenComplete((r, e) -> timeout.cancel(false));
            exchange.accept(stream, timeout);
        }).whenComplete((stream, e) -> {
            if (e != null) {
                result.completeExceptionally(Futures.unwrap(e));
            }
        });
    }
}
