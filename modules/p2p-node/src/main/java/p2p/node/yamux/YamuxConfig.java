package p2p.node.yamux;

import java.time.Duration;

/**
 * Settings of a yamux session.
 *
 * @param initialWindow     receive window granted to each new stream, in bytes. The spec fixes the window both sides
 *                          assume at {@value #SPEC_INITIAL_WINDOW}; a larger value is announced with the SYN/ACK
 *                          frame's window delta, a smaller one cannot be expressed and is rejected
 * @param maxWindow         largest receive window a stream may grow to when the reader keeps up (window auto-tuning);
 *                          also the largest DATA frame accepted from the peer, since a bigger one always overruns
 *                          the window
 * @param maxStreams        most concurrent streams the peer may open (more are reset) and most we open ourselves
 * @param keepAliveInterval interval between keepalive PINGs; a PING still unanswered when the next is due closes the
 *                          session. {@link Duration#ZERO} disables keepalive
 * @param maxFrameSize      largest frame we send, header included: our data is split into DATA frames of at most
 *                          {@code maxFrameSize - 12} payload bytes (go-yamux and js-libp2p use 64 KiB)
 */
public record YamuxConfig(int initialWindow, int maxWindow, int maxStreams, Duration keepAliveInterval,
                          int maxFrameSize) {
    /** The initial stream window of the yamux spec, assumed by both sides before any WINDOW_UPDATE. */
    public static final int SPEC_INITIAL_WINDOW = 256 * 1024;
    /** Default auto-tuning limit of a stream's receive window (go-yamux and js-libp2p use the same). */
    public static final int DEFAULT_MAX_WINDOW = 16 * 1024 * 1024;
    /** Default limit of concurrent streams per direction. */
    public static final int DEFAULT_MAX_STREAMS = 1024;
    /** Default keepalive interval (go-yamux's). */
    public static final Duration DEFAULT_KEEPALIVE_INTERVAL = Duration.ofSeconds(30);
    /** Default largest frame we send. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 64 * 1024;

    public YamuxConfig {
        if (initialWindow < SPEC_INITIAL_WINDOW) {
            throw new IllegalArgumentException("yamux initialWindow must be at least " + SPEC_INITIAL_WINDOW
                    + " bytes (the spec's initial window), got " + initialWindow);
        }
        if (maxWindow < initialWindow) {
            throw new IllegalArgumentException("yamux maxWindow (" + maxWindow + ") must be at least initialWindow ("
                    + initialWindow + ")");
        }
        if (maxStreams < 1) {
            throw new IllegalArgumentException("yamux maxStreams must be positive, got " + maxStreams);
        }
        if (keepAliveInterval == null || keepAliveInterval.isNegative()) {
            throw new IllegalArgumentException("yamux keepAliveInterval must be zero (off) or positive, got "
                    + keepAliveInterval);
        }
        if (maxFrameSize <= YamuxFrame.HEADER_LENGTH) {
            throw new IllegalArgumentException("yamux maxFrameSize must exceed the " + YamuxFrame.HEADER_LENGTH
                    + "-byte header, got " + maxFrameSize);
        }
    }

    /** The defaults: 256 KiB initial window, 16 MiB max window, 1024 streams, 30 s keepalive, 64 KiB frames. */
    public static YamuxConfig defaults() {
        return new YamuxConfig(SPEC_INITIAL_WINDOW, DEFAULT_MAX_WINDOW, DEFAULT_MAX_STREAMS,
                DEFAULT_KEEPALIVE_INTERVAL, DEFAULT_MAX_FRAME_SIZE);
    }

    /** A copy with another {@code initialWindow}. */
    public YamuxConfig withInitialWindow(int value) {
        return new YamuxConfig(value, maxWindow, maxStreams, keepAliveInterval, maxFrameSize);
    }

    /** A copy with another {@code maxWindow}. */
    public YamuxConfig withMaxWindow(int value) {
        return new YamuxConfig(initialWindow, value, maxStreams, keepAliveInterval, maxFrameSize);
    }

    /** A copy with another {@code maxStreams}. */
    public YamuxConfig withMaxStreams(int value) {
        return new YamuxConfig(initialWindow, maxWindow, value, keepAliveInterval, maxFrameSize);
    }

    /** A copy with another {@code keepAliveInterval}. */
    public YamuxConfig withKeepAliveInterval(Duration value) {
        return new YamuxConfig(initialWindow, maxWindow, maxStreams, value, maxFrameSize);
    }

    /** A copy with another {@code maxFrameSize}. */
    public YamuxConfig withMaxFrameSize(int value) {
        return new YamuxConfig(initialWindow, maxWindow, maxStreams, keepAliveInterval, value);
    }

    /** Largest DATA payload we put in one frame. */
    int maxSendPayload() {
        return maxFrameSize - YamuxFrame.HEADER_LENGTH;
    }
}
