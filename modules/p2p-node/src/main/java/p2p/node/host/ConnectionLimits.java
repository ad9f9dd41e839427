package p2p.node.host;

import java.time.Duration;
import java.util.Objects;

/**
 * Caps on open connections and on the time a new connection may take to finish its handshakes.
 *
 * @param maxConnections   open connections in total, both directions (setting {@code maxConnections})
 * @param maxPerIp         open connections from or to one IP address (setting {@code maxPerIp})
 * @param handshakeTimeout time from TCP connect to a ready muxer (pnet, Noise and both multistream negotiations);
 *                         a connection still upgrading after it is closed
 */
public record ConnectionLimits(int maxConnections, int maxPerIp, Duration handshakeTimeout) {
    /** Defaults: 512 connections, 16 per IP, 10 s handshake timeout. */
    public static final ConnectionLimits DEFAULT = new ConnectionLimits(512, 16, Duration.ofSeconds(10));

    public ConnectionLimits {
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
        if (maxPerIp < 1) {
            throw new IllegalArgumentException("maxPerIp must be at least 1: " + maxPerIp);
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive: " + handshakeTimeout);
        }
    }
}
