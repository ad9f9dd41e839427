package p2p.web;

import java.util.List;
import java.util.Map;

/**
 * What the dashboard's read-only API ({@code /api/v1/network}, {@code /rates}, {@code /health}) needs of the node
 * beyond {@link PeerDirectory}: its own addresses, discovery and topic state, per-topic message counts and the Kafka
 * clients' counters. Implemented by the application's wiring, so this module stays free of the node's internals;
 * every method is a cheap snapshot, safe from any thread. Values the node does not know are empty, or -1 for counts.
 */
public interface NodeOverview {

    /** An overview with nothing known, used until the node is wired in. */
    NodeOverview EMPTY = new NodeOverview() {
    };

    /** This node's peer id (base58), empty when unknown. */
    default String peerId() {
        return "";
    }

    /** {@code p2p_protocol}: {@code teranode-2025} or {@code teranode-2026}, empty when unknown. */
    default String protocol() {
        return "";
    }

    /** The bound listen multiaddrs. */
    default List<String> listenAddresses() {
        return List.of();
    }

    /** The multiaddrs other peers are told to dial ({@code p2p_advertise_addresses}, or the listen ones). */
    default List<String> advertisedAddresses() {
        return List.of();
    }

    /** Kademlia DHT mode ({@code off}, {@code client}, {@code server}), empty when unknown. */
    default String dhtMode() {
        return "";
    }

    /** Peers in the DHT routing table; -1 when the node does not report it. */
    default int routingTableSize() {
        return -1;
    }

    /** The gossip topics in use, block first. */
    default List<String> topics() {
        return List.of();
    }

    /** Connected peers subscribed to {@code topic} (the gossip mesh candidates); -1 when unknown. */
    default int topicPeers(String topic) {
        return -1;
    }

    /** Peers in this node's gossipsub mesh of {@code topic} (a subset of {@link #topicPeers}); -1 when unknown. */
    default int meshPeers(String topic) {
        return -1;
    }

    /** Messages received on each topic since start (own included), as {@code p2p_topic_received_total} counts. */
    default Map<String, Long> receivedPerTopic() {
        return Map.of();
    }

    /** The Kafka clients, one per {@code kafka_*Config} setting. */
    default List<KafkaClient> kafka() {
        return List.of();
    }

    /**
     * One Kafka client's counters since start, as {@code /metrics} reports them.
     *
     * @param setting the {@code kafka_*Config} setting
     * @param url the topic URL of that setting
     * @param role {@code producer} or {@code consumer}
     */
    record KafkaClient(String setting, String url, String role, long produced, long failed, long dropped,
                       long consumed, long rejected) {
    }
}
