package p2p.node.transport;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import p2p.node.crypto.PeerId;
import p2p.node.crypto.PrivKey;
import p2p.node.crypto.Psk;
import p2p.node.host.Direction;
import p2p.node.multistream.MultistreamSelect;
import p2p.node.multistream.NotMultistreamException;
import p2p.node.noise.NoiseSecureChannel;
import p2p.node.pnet.PnetHandler;
import p2p.node.pnet.PskMismatchException;
import p2p.node.wire.Futures;
import p2p.node.yamux.YamuxConfig;
import p2p.node.yamux.YamuxSession;

/**
 * Turns a raw TCP connection into a libp2p connection (libp2p specs connections/README.md, "Upgrading connections"):
 * [pnet when a PSK is set] -> multistream {@code /noise} -> Noise XX -> multistream {@code /yamux/1.0.0} -> yamux.
 * Each layer is added on the event loop as the previous one completes, so the bytes that follow a negotiation reach
 * the next layer. Any failure, or the handshake timeout, closes the connection and fails the returned future; other
 * connections are unaffected.
 */
public final class ConnectionUpgrader {
    private final PrivKey identity;
    private final Optional<Psk> psk;
    private final YamuxConfig yamuxConfig;
    private final Duration handshakeTimeout;

    public ConnectionUpgrader(PrivKey identity, Optional<Psk> psk, YamuxConfig yamuxConfig, Duration handshakeTimeout) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.psk = Objects.requireNonNull(psk, "psk");
        this.yamuxConfig = Objects.requireNonNull(yamuxConfig, "yamuxConfig");
        this.handshakeTimeout = Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    }

    /**
     * Upgrades {@code channel}; call on its event loop with auto-read off and no handler after the
     * {@link TrafficCounter} (as {@link TcpTransport} hands connections over). Reading is turned on here.
     *
     * @param expectedPeer  for dials to a {@code /p2p/} address: the Noise handshake fails unless the peer proves
     *                      this id
     * @param inboundStream receives each stream the peer opens, with the connection it belongs to, before the stream
     *                      is registered
     */
    public CompletableFuture<UpgradedConnection> upgrade(Channel channel, Direction direction,
                                                         Optional<PeerId> expectedPeer,
                                                         BiConsumer<UpgradedConnection, Channel> inboundStream) {
        CompletableFuture<UpgradedConnection> result = new CompletableFuture<>();
        boolean initiator = direction.isInitiator();
        ScheduledFuture<?> timeout = channel.eventLoop().schedule(() -> {
            if (result.completeExceptionally(new HandshakeTimeoutException("connection " + direction.name().toLowerCase()
                    + " " + channel.remoteAddress() + " did not finish pnet/Noise/yamux within handshakeTimeout="
                    + handshakeTimeout))) {
                channel.close();
            }
        }, handshakeTimeout.toNanos(), TimeUnit.NANOSECONDS);
        channel.closeFuture().addListener(f -> result.completeExceptionally(new IOException("connection "
                + direction.name().toLowerCase() + " " + channel.remoteAddress()
                + " closed during the pnet/Noise/yamux handshake"
                + (psk.isPresent() ? " (a peer with another p2p_shared_key is dropped here)" : ""))));
        result.whenComplete((c, e) -> {
            timeout.cancel(false);
            if (e != null) {
                channel.close();
            }
        });

        try {
            psk.ifPresent(key -> channel.pipeline().addLast("pnet", new PnetHandler(key)));
            negotiate(channel, initiator, NoiseSecureChannel.PROTOCOL_ID)
                    .exceptionallyCompose(e -> CompletableFuture.failedFuture(namePsk(e, direction, channel)))
                    .thenCompose(p -> NoiseSecureChannel.install(channel, initiator, identity, expectedPeer))
                    .thenCompose(secure -> negotiate(channel, initiator, YamuxSession.PROTOCOL_ID)
                            .thenAccept(p -> {
                                UpgradedConnection[] self = new UpgradedConnection[1];
                                YamuxSession muxer = YamuxSession.install(channel, initiator, yamuxConfig,
                                        stream -> inboundStream.accept(self[0], stream));
                                self[0] = new UpgradedConnection(channel, direction, secure.remotePeer(),
                                        secure.remotePublicKey(), muxer, channel.pipeline().get(TrafficCounter.class));
                                result.complete(self[0]);
                            }))
                    .exceptionally(e -> {
                        result.completeExceptionally(Futures.unwrap(e));
                        return null;
                    });
            channel.config().setAutoRead(true);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /**
     * On a private network, a first multistream message that is no header is how another key shows (the peer's bytes
     * decrypt to noise): say so, naming the setting, instead of reporting a multistream violation.
     */
    private Throwable namePsk(Throwable e, Direction direction, Channel channel) {
        Throwable cause = Futures.unwrap(e);
        if (psk.isPresent() && cause instanceof NotMultistreamException) {
            return new PskMismatchException("connection " + direction.name().toLowerCase() + " "
                    + channel.remoteAddress(), psk.get(), cause);
        }
        return cause;
    }

    private static CompletableFuture<String> negotiate(Channel channel, boolean initiator, String protocol) {
        return initiator
                ? MultistreamSelect.initiate(channel, List.of(protocol))
                : MultistreamSelect.respond(channel, Set.of(protocol));
    }
}
