package p2p.node.pubsub;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Running totals of the router, written on its loop thread and readable from any thread (for /metrics).
 */
public final class PubsubCounters {
    final AtomicLong published = new AtomicLong();
    final AtomicLong received = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong notSubscribed = new AtomicLong();
    final AtomicLong forwarded = new AtomicLong();
    final AtomicLong outboundDropped = new AtomicLong();
    final AtomicLong protocolViolations = new AtomicLong();
    final AtomicLong ihaveSent = new AtomicLong();
    final AtomicLong iwantSent = new AtomicLong();
    final AtomicLong iwantServed = new AtomicLong();
    final AtomicLong graftsSent = new AtomicLong();
    final AtomicLong prunesSent = new AtomicLong();
    final AtomicLong handlerErrors = new AtomicLong();
    final AtomicLong idontwantSent = new AtomicLong();
    final AtomicLong idontwantSaved = new AtomicLong();
    final AtomicLong pxOffered = new AtomicLong();
    final AtomicLong pxReceived = new AtomicLong();
    final AtomicLong pxRejected = new AtomicLong();
    final AtomicLong pxIgnored = new AtomicLong();

    /** Peers offered in the PX of our PRUNEs. */
    public long pxOffered() {
        return pxOffered.get();
    }

    /** PX entries received in PRUNEs of topics we joined, with peer exchange on. */
    public long pxReceived() {
        return pxReceived.get();
    }

    /** PX entries dropped: beyond the cap, or with a missing or bad peer id or record. */
    public long pxRejected() {
        return pxRejected.get();
    }

    /** PX entries not read: peer exchange off, or a topic we did not join. */
    public long pxIgnored() {
        return pxIgnored.get();
    }

    /** Messages this node authored. */
    public long published() {
        return published.get();
    }

    /** Messages received from peers, before any check. */
    public long received() {
        return received.get();
    }

    /** Messages handed to a topic handler (own ones included). */
    public long delivered() {
        return delivered.get();
    }

    /** Received messages already seen. */
    public long duplicates() {
        return duplicates.get();
    }

    /** Received messages dropped by validation (StrictSign, missing topic). */
    public long rejected() {
        return rejected.get();
    }

    /** Received messages for topics this node has not joined. */
    public long notSubscribed() {
        return notSubscribed.get();
    }

    /** Message copies sent to peers (own and relayed, IWANT answers excluded). */
    public long forwarded() {
        return forwarded.get();
    }

    /** RPCs not sent because the peer's outbound queue was full. */
    public long outboundDropped() {
        return outboundDropped.get();
    }

    /** Peers dropped for malformed input. */
    public long protocolViolations() {
        return protocolViolations.get();
    }

    public long ihaveSent() {
        return ihaveSent.get();
    }

    public long iwantSent() {
        return iwantSent.get();
    }

    /** Messages sent in answer to IWANT. */
    public long iwantServed() {
        return iwantServed.get();
    }

    public long graftsSent() {
        return graftsSent.get();
    }

    public long prunesSent() {
        return prunesSent.get();
    }

    /** Exceptions thrown by topic handlers (logged and swallowed so one handler cannot stop the router). */
    public long handlerErrors() {
        return handlerErrors.get();
    }

    /** IDONTWANT control messages sent (gossipsub v1.2, for messages of at least the size threshold). */
    public long idontwantSent() {
        return idontwantSent.get();
    }

    /** Copies of messages not sent, or taken back before writing, because the peer had said IDONTWANT. */
    public long idontwantSaved() {
        return idontwantSaved.get();
    }

    @Override
    public String toString() {
        return "PubsubCounters[published=" + published + ", received=" + received + ", delivered=" + delivered
                + ", duplicates=" + duplicates + ", rejected=" + rejected + ", forwarded=" + forwarded
                + ", outboundDropped=" + outboundDropped + ", protocolViolations=" + protocolViolations + "]";
    }
}
