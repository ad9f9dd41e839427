package p2p.node.pubsub;

import p2p.node.crypto.PeerId;

/**
 * Receives the messages of one subscribed topic, each exactly once, own messages included. Runs on the router's
 * loop thread: hand slow work (Kafka, SQL) to another executor.
 */
@FunctionalInterface
public interface TopicHandler {
    /**
     * @param data         the message payload
     * @param receivedFrom the peer that delivered the message to us (the local peer for own messages), as
     *                     Teranode's handlers receive it; the ban checks look up this peer's addresses
     */
    void onMessage(byte[] data, PeerId receivedFrom);
}
