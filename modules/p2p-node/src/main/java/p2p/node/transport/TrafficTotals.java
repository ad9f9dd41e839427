package p2p.node.transport;

import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bytes carried on the wire and when that last happened, added to from event-loop threads and read from any thread.
 * One per connection (inside its {@link TrafficCounter}) and one for the whole transport, which outlives the
 * connections, so the node's totals do not shrink when a peer leaves.
 */
public final class TrafficTotals {
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private volatile Instant lastReceive;
    private volatile Instant lastSend;

    void received(long bytes, Instant at) {
        bytesIn.add(bytes);
        lastReceive = at;
    }

    void sent(long bytes, Instant at) {
        bytesOut.add(bytes);
        lastSend = at;
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    /** When bytes last arrived, or null if none have. */
    public Instant lastReceive() {
        return lastReceive;
    }

    /** When bytes were last written, or null if none have been. */
    public Instant lastSend() {
        return lastSend;
    }
}
