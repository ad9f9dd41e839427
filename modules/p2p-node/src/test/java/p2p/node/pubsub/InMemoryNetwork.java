package p2p.node.pubsub;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import p2p.node.crypto.PeerId;

/**
 * In-memory pubsub transport for simulations: routers on one {@link SimulatedLoop}, joined by pairs of directional
 * links that carry RPC bytes as loop tasks. A link can be paused to model a slow peer whose queue fills up.
 */
final class InMemoryNetwork {
    /** One direction of a connection: what {@code from}'s router uses to send to {@code to}. */
    final class Link implements PubsubPeerLink {
        final PeerId from;
        final PeerId to;
        private final String protocolId;
        private final ArrayDeque<byte[]> held = new ArrayDeque<>();
        private int pending;
        private boolean paused;
        private boolean closed;
        String closeReason;

        Link(PeerId from, PeerId to, String protocolId) {
            this.from = from;
            this.to = to;
            this.protocolId = protocolId;
        }

        @Override
        public PeerId peer() {
            return to;
        }

        @Override
        public String protocolId() {
            return protocolId;
        }

        @Override
        public CompletableFuture<Void> send(byte[] rpc) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("link closed"));
            }
            pending++;
            if (paused) {
                held.addLast(rpc);
            } else {
                deliver(rpc);
            }
            // handed over: like a transport's write, completion does not wait for the receiver
            return CompletableFuture.completedFuture(null);
        }

        private void deliver(byte[] rpc) {
            loop.execute(() -> {
                pending--;
                GossipRouter receiver = routers.get(to);
                if (!closed && receiver != null) {
                    receiver.frameReceived(from, rpc);
                }
            });
        }

        @Override
        public int pendingFrames() {
            return pending;
        }

        @Override
        public void close(String reason) {
            closeReason = reason;
            disconnect(from, to);
        }

        void pause() {
            paused = true;
        }

        void resume() {
            paused = false;
            while (!held.isEmpty()) {
                deliver(held.pollFirst());
            }
        }
    }

    private record Key(PeerId from, PeerId to) {
    }

    final SimulatedLoop loop = new SimulatedLoop();
    final Map<PeerId, GossipRouter> routers = new LinkedHashMap<>();
    private final Map<Key, Link> links = new LinkedHashMap<>();
    private final PeerIdSignatureVerifier verifier = new PeerIdSignatureVerifier();

    /** Creates and starts a router with a reproducible identity and random source. */
    GossipRouter addNode(long seed, GossipConfig config, PeerPenaltyListener penalties) {
        GossipRouter router = new GossipRouter(config, Ed25519Identity.fromSeed(seed), verifier, loop, penalties,
                new SplittableRandom(seed ^ 0x5DEECE66DL));
        routers.put(router.localPeer(), router);
        router.start();
        loop.runUntilIdle();
        return router;
    }

    void connect(GossipRouter a, GossipRouter b) {
        connect(a, b, PubsubProtocols.MESHSUB_V11);
    }

    void connect(GossipRouter a, GossipRouter b, String protocolId) {
        Link ab = new Link(a.localPeer(), b.localPeer(), protocolId);
        Link ba = new Link(b.localPeer(), a.localPeer(), protocolId);
        links.put(new Key(ab.from, ab.to), ab);
        links.put(new Key(ba.from, ba.to), ba);
        a.peerConnected(ab);
        b.peerConnected(ba);
    }

    boolean connected(PeerId a, PeerId b) {
        return links.containsKey(new Key(a, b));
    }

    void disconnect(PeerId a, PeerId b) {
        Link ab = links.remove(new Key(a, b));
        Link ba = links.remove(new Key(b, a));
        if (ab == null && ba == null) {
            return;
        }
        for (Link link : new Link[] {ab, ba}) {
            if (link != null) {
                link.closed = true;
                GossipRouter owner = routers.get(link.from);
                if (owner != null) {
                    owner.peerDisconnected(link.to);
                }
            }
        }
    }

    /** Disconnects {@code router} from everyone and removes it (a stopped node). */
    void stop(GossipRouter router) {
        for (Key key : List.copyOf(links.keySet())) {
            if (key.from().equals(router.localPeer())) {
                disconnect(key.from(), key.to());
            }
        }
        router.close();
        routers.remove(router.localPeer());
    }

    Link link(GossipRouter from, GossipRouter to) {
        return links.get(new Key(from.localPeer(), to.localPeer()));
    }

    List<GossipRouter> nodes() {
        return new ArrayList<>(routers.values());
    }
}
