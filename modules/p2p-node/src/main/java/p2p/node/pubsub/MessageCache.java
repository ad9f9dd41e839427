package p2p.node.pubsub;

import com.google.protobuf.ByteString;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import p2p.node.crypto.PeerId;
import p2p.node.pubsub.pb.PubsubProto.Message;

/**
 * The gossipsub message cache (gossipsub-v1.0.md "Message Cache"): recent messages in a sliding window of
 * {@code historyLength} heartbeats, served to IWANT; the newest {@code historyGossip} windows are advertised in
 * IHAVE. Also counts IWANT retransmissions per peer (gossipsub-v1.1.md, GossipRetransmission).
 * Owned by the router's loop thread.
 */
final class MessageCache {
    private record Cached(Message message, Map<PeerId, Integer> transmissions) {
    }

    private record Slot(ByteString id, String topic) {
    }

    private final int historyLength;
    private final int historyGossip;
    /** Windows, newest first. */
    private final ArrayDeque<List<Slot>> windows = new ArrayDeque<>();
    private final Map<ByteString, Cached> messages = new HashMap<>();

    MessageCache(int historyLength, int historyGossip) {
        this.historyLength = historyLength;
        this.historyGossip = historyGossip;
        windows.addFirst(new ArrayList<>());
    }

    void put(ByteString id, Message message) {
        if (messages.putIfAbsent(id, new Cached(message, new HashMap<>())) == null) {
            windows.getFirst().add(new Slot(id, message.getTopic()));
        }
    }

    /**
     * The message for an IWANT from {@code peer}, or {@code null} when it is not cached or the peer already got it
     * {@code maxTransmissions} times.
     */
    Message getForPeer(ByteString id, PeerId peer, int maxTransmissions) {
        Cached cached = messages.get(id);
        if (cached == null) {
            return null;
        }
        int count = cached.transmissions().merge(peer, 1, Integer::sum);
        return count > maxTransmissions ? null : cached.message();
    }

    /** Ids of {@code topic} in the gossip windows, newest first. */
    List<ByteString> gossipIds(String topic) {
        List<ByteString> ids = new ArrayList<>();
        Iterator<List<Slot>> it = windows.iterator();
        for (int i = 0; i < historyGossip && it.hasNext(); i++) {
            for (Slot slot : it.next()) {
                if (slot.topic().equals(topic)) {
                    ids.add(slot.id());
                }
            }
        }
        return ids;
    }

    /** Starts a new window, dropping the messages of the oldest one beyond the history length. */
    void shift() {
        windows.addFirst(new ArrayList<>());
        while (windows.size() > historyLength) {
            for (Slot slot : windows.removeLast()) {
                messages.remove(slot.id());
            }
        }
    }

    int size() {
        return messages.size();
    }
}
