package p2p.node.host;

import java.time.Duration;
import p2p.node.yamux.YamuxConfig;

/**
 * The stream muxer's knobs a host user may turn (the muxer is yamux; its full configuration stays inside the node):
 * how far a stream's receive window may grow, how many streams the remote may open at once, and how often a
 * keepalive ping goes out (its round trip is {@link PeerInfo#latency()}).
 *
 * @param maxStreamWindow   the auto-tuning limit of a stream's receive window in bytes (at least 256 KiB)
 * @param maxStreams        concurrent streams per direction
 * @param keepAliveInterval time between keepalive pings; zero turns them off
 */
public record MuxerSettings(int maxStreamWindow, int maxStreams, Duration keepAliveInterval) {

    /** go-yamux's and js-libp2p's defaults: 16 MiB windows, 1024 streams, a ping every 30 s. */
    public static MuxerSettings defaults() {
        YamuxConfig d = YamuxConfig.defaults();
        return new MuxerSettings(d.maxWindow(), d.maxStreams(), d.keepAliveInterval());
    }

    /** These settings with another window limit. */
    public MuxerSettings withMaxStreamWindow(int bytes) {
        return new MuxerSettings(bytes, maxStreams, keepAliveInterval);
    }

    /** The yamux configuration these settings stand for; checks the values as yamux does. */
    YamuxConfig yamux() {
        return YamuxConfig.defaults().withMaxWindow(maxStreamWindow).withMaxStreams(maxStreams)
                .withKeepAliveInterval(keepAliveInterval);
    }
}
