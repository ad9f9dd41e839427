package p2p.node.pubsub;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import p2p.node.crypto.PeerId;
import p2p.node.pubsub.pb.PubsubProto.ControlMessage;
import p2p.node.pubsub.pb.PubsubProto.Message;
import p2p.node.pubsub.pb.PubsubProto.RPC;

/**
 * A remote peer driven by the test: the router's link to it records every RPC the router sends, and can hold
 * frames (as an unwritable stream would) to fill the router's outbound bound.
 */
final class ScriptedPeer implements PubsubPeerLink {
    final Ed25519Identity identity;
    final PeerId id;
    private final String protocolId;
    final List<RPC> received = new ArrayList<>();
    boolean holdFrames;
    private int held;
    String closedBecause;

    ScriptedPeer(long seed, String protocolId) {
        this.identity = Ed25519Identity.fromSeed(seed);
        this.id = identity.id();
        this.protocolId = protocolId;
    }

    @Override
    public PeerId peer() {
        return id;
    }

    @Override
    public String protocolId() {
        return protocolId;
    }

    @Override
    public CompletableFuture<Void> send(byte[] rpc) {
        try {
            received.add(RPC.parseFrom(rpc));
        } catch (InvalidProtocolBufferException e) {
            throw new UncheckedIOException(e);
        }
        if (holdFrames) {
            held++;
            return new CompletableFuture<>(); // never written
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public int pendingFrames() {
        return held;
    }

    @Override
    public void close(String reason) {
        closedBecause = reason;
    }

    Stream<Message> messages() {
        return received.stream().flatMap(rpc -> rpc.getPublishList().stream());
    }

    Stream<ControlMessage> controls() {
        return received.stream().filter(RPC::hasControl).map(RPC::getControl);
    }

    boolean wasGrafted(String topic) {
        return controls().flatMap(c -> c.getGraftList().stream()).anyMatch(g -> g.getTopicID().equals(topic));
    }

    void clear() {
        received.clear();
    }
}
