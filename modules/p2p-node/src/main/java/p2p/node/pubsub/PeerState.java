package p2p.node.pubsub;

import com.google.protobuf.ByteString;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import p2p.node.crypto.PeerId;

/** What the router knows about one peer. Owned by the router's loop thread. */
final class PeerState {
    final PeerId id;
    /** Null until the transport opens our outbound stream; frames may arrive before that. */
    PubsubPeerLink link;
    /** Topics the peer announced. */
    final Set<String> topics = new HashSet<>();
    /** IHAVE messages received in the current heartbeat. */
    int ihavesThisHeartbeat;
    /** Message ids requested from the peer in the current heartbeat. */
    int idsAskedThisHeartbeat;
    /** gossipsub v1.2: ids the peer said it does not want, with the heartbeat number they arrived in. */
    final Map<ByteString, Long> dontSend = new HashMap<>();
    /** IDONTWANT message ids accepted from the peer in the current heartbeat. */
    int idontwantIdsThisHeartbeat;

    PeerState(PeerId id) {
        this.id = id;
    }

    boolean speaksGossip() {
        return link != null && PubsubProtocols.isGossip(link.protocolId());
    }

    boolean speaksIdontwant() {
        return link != null && PubsubProtocols.supportsIdontwant(link.protocolId());
    }

    boolean speaksFlood() {
        return link != null && PubsubProtocols.FLOODSUB.equals(link.protocolId());
    }
}
