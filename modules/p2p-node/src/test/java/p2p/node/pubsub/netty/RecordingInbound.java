package p2p.node.pubsub.netty;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import p2p.node.crypto.PeerId;
import p2p.node.pubsub.PubsubInbound;
import p2p.node.pubsub.PubsubPeerLink;

/** Records what a transport reports to the router. */
final class RecordingInbound implements PubsubInbound {
    final List<PubsubPeerLink> connected = new CopyOnWriteArrayList<>();
    final List<PeerId> disconnected = new CopyOnWriteArrayList<>();
    final List<PubsubPeerLink> lost = new CopyOnWriteArrayList<>();
    final List<byte[]> frames = new CopyOnWriteArrayList<>();
    final List<String> violations = new CopyOnWriteArrayList<>();

    @Override
    public void peerConnected(PubsubPeerLink link) {
        connected.add(link);
    }

    @Override
    public void peerDisconnected(PeerId peer) {
        disconnected.add(peer);
    }

    @Override
    public void outboundLost(PubsubPeerLink link) {
        lost.add(link);
    }

    @Override
    public void frameReceived(PeerId peer, byte[] payload) {
        frames.add(payload);
    }

    @Override
    public void protocolViolation(PeerId peer, String detail) {
        violations.add(peer + ": " + detail);
    }
}
