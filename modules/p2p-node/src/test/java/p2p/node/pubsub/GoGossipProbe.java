package p2p.node.pubsub;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import p2p.node.crypto.PeerId;
import p2p.testkit.go.GoPeer;

/**
 * The gossip side of a {@link GoPeer} as the interop tests read it: its mesh, the subscriptions it knows, its
 * control-message counts (go-libp2p-pubsub's raw tracer, see the Go peer's README) and the messages its subscriptions
 * delivered. A failed command fails the test; the peer's stderr is in the message.
 */
final class GoGossipProbe {
    static final Duration DEADLINE = Duration.ofSeconds(30);

    private final GoPeer peer;

    GoGossipProbe(GoPeer peer) {
        this.peer = peer;
    }

    GoPeer peer() {
        return peer;
    }

    PeerId id() {
        return PeerId.parse(peer.peerId());
    }

    Map<String, Object> call(Object... keyValues) {
        try {
            return peer.call(DEADLINE, keyValues);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted calling the Go peer", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    void subscribe(String topic) {
        call("cmd", "subscribe", "topic", topic);
    }

    void dial(String address) {
        call("cmd", "dial", "addr", address);
    }

    /** Publishes text on {@code topic}; returns the payload as hex, the form the message events carry. */
    String publish(String topic, String text) {
        return (String) call("cmd", "publish", "topic", topic, "text", text).get("dataHex");
    }

    /** The peers in the Go peer's mesh of {@code topic}. */
    List<?> mesh(String topic) {
        return (List<?>) call("cmd", "mesh", "topic", topic).get("peers");
    }

    /** The peers the Go peer knows to be subscribed to {@code topic}. */
    List<?> subscribers(String topic) {
        return (List<?>) call("cmd", "subscribers", "topic", topic).get("peers");
    }

    List<?> connectedPeers() {
        return (List<?>) call("cmd", "peers").get("peers");
    }

    /** A count of go-libp2p-pubsub's tracer: {@code sent} or {@code received}, then e.g. {@code ihave}, {@code graft}. */
    long stat(String direction, String name) {
        Map<?, ?> counts = (Map<?, ?>) call("cmd", "gossipStats").get(direction);
        Object value = counts.get(name);
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** Message events (deliveries to the Go peer's subscriptions) of {@code topic} with payload {@code dataHex}. */
    List<Map<String, Object>> messages(String topic, String dataHex) {
        return peer.eventsSoFar().stream()
                .filter(e -> "message".equals(e.get("event")) && topic.equals(e.get("topic"))
                        && dataHex.equals(e.get("dataHex")))
                .toList();
    }

    /** Waits for the delivery of the message {@code dataHex} on {@code topic}. */
    Map<String, Object> awaitMessage(String topic, String dataHex) throws InterruptedException, TimeoutException {
        return peer.awaitEvent(e -> "message".equals(e.get("event")) && topic.equals(e.get("topic"))
                && dataHex.equals(e.get("dataHex")), DEADLINE);
    }

    /** Messages go-libp2p-pubsub refused, with its reason (e.g. {@code missing signature}). */
    List<Map<String, Object>> rejections() {
        return peer.eventsSoFar().stream().filter(e -> "reject".equals(e.get("event"))).toList();
    }

    /** go-libp2p-pubsub's default message id, as the StrictSign router computes it too: from + seqno. */
    static String defaultMessageIdHex(PeerId author, String seqnoHex) {
        return HexFormat.of().formatHex(author.toBytes()) + seqnoHex;
    }
}
