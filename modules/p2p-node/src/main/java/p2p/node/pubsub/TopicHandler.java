package p2p.node.pubsub;

import p2p.node.crypto.PeerId;

/**
 * Receives the messages of one subscribed topic, each exactly once, own messages included. Runs on the router's
 * loop thread: hand slow work (Kafka, SQL) to another executor. Forwarding never depends on what a handler does.
 */
@FunctionalInterface
public interface TopicHandler {
    /**
     * @param data         the message payload
     * @param receivedFrom the peer that delivered the message to us (the local peer for own messages), as
     *                     Teranode's handlers receive it; the ban checks look up this peer's addresses
     */
    void onMessage(byte[] data, PeerId receivedFrom);

    /**
     * The router's call: also gives the message's author, its StrictSign-verified {@code from} (the local peer for
     * own messages), which differs from {@code receivedFrom} when the message was relayed.
     */
    default void onMessage(byte[] data, PeerId receivedFrom, PeerId author) {
        onMessage(data, receivedFrom);
    }

    /** A handler that wants the author too; write it as a lambda of three arguments. */
    @FunctionalInterface
    interface WithAuthor extends TopicHandler {
        @Override
        void onMessage(byte[] data, PeerId receivedFrom, PeerId author);

        @Override
        default void onMessage(byte[] data, PeerId receivedFrom) {
            onMessage(data, receivedFrom, receivedFrom);
        }
    }
}
