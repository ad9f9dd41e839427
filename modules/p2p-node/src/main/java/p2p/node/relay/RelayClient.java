package p2p.node.relay;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import p2p.node.crypto.PeerId;
import p2p.node.host.P2PNode;
import p2p.node.host.PeerInfo;
import p2p.node.multiaddr.InvalidMultiaddrException;
import p2p.node.multiaddr.Multiaddr;

/**
 * The client side of circuit relay v2 on one host (libp2p/specs relay/circuit-v2.md): dials
 * {@code <relay>/p2p/<relay id>/p2p-circuit/p2p/<target>} addresses through the relay (connecting to it first when
 * needed), reserves slots on relays, and accepts relayed connections on {@value RelayProtocols#STOP} from the relays
 * it holds a reservation on. This node is never a relay itself (it serves no {@value RelayProtocols#HOP}).
 *
 * <p>{@link #install} makes the host's {@link P2PNode#connect} dial circuit addresses through this client, so
 * relayed addresses learnt anywhere (static peers, peer records, peer-addr-request, the peer cache) just work.
 */
public final class RelayClient {
    private final P2PNode node;
    private final HopClient hop;
    /** The reservations held, by relay; the STOP handler accepts connections from these relays only. */
    private final Map<PeerId, Reservation> reservations = new ConcurrentHashMap<>();

    private RelayClient(P2PNode node, Duration answerTimeout, Clock clock) {
        this.node = node;
        this.hop = new HopClient(node, answerTimeout, clock);
    }

    /**
     * Installs the client on a started {@code node}: serves {@value RelayProtocols#STOP} and takes over the dialling
     * of {@code /p2p-circuit} addresses. A relay's answers must arrive within the node's handshake timeout.
     */
    public static RelayClient install(P2PNode node) {
        return install(node, node.config().limits().handshakeTimeout(), Clock.systemUTC());
    }

    static RelayClient install(P2PNode node, Duration answerTimeout, Clock clock) {
        Objects.requireNonNull(node, "node");
        RelayClient client = new RelayClient(node, answerTimeout, clock);
        node.setStreamHandler(RelayProtocols.STOP, new StopHandler(node, client.reservations::containsKey));
        node.setCircuitDialer(client::dial);
        return client;
    }

    /** Stops serving STOP and dialling circuit addresses; reservations lapse at the relays. */
    public void uninstall() {
        node.removeStreamHandler(RelayProtocols.STOP);
        node.setCircuitDialer(null);
        reservations.clear();
        node.setCircuitAddresses(List.of());
    }

    /**
     * Connects to the target of a relayed address through its relay: dials the relay first unless connected, then
     * CONNECT. Completes with the existing connection when the target is connected already.
     */
    public CompletableFuture<PeerInfo> dial(Multiaddr address) {
        CircuitAddress circuit;
        try {
            circuit = CircuitAddress.parse(address);
        } catch (InvalidMultiaddrException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (circuit.target().equals(node.peerId())) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("refusing to dial self: " + address));
        }
        Optional<PeerInfo> existing = node.peer(circuit.target());
        if (existing.isPresent()) {
            return CompletableFuture.completedFuture(existing.get());
        }
        CompletableFuture<PeerInfo> relayUp;
        if (node.isConnected(circuit.relay())) {
            relayUp = CompletableFuture.completedFuture(null);
        } else if (circuit.relayTransportAddress().isPresent()) {
            relayUp = node.connect(circuit.relayAddress());
        } else {
            return CompletableFuture.failedFuture(new IllegalArgumentException("cannot dial " + address
                    + ": not connected to relay " + circuit.relay() + " and the address gives none of its addresses"));
        }
        return relayUp.thenCompose(r -> hop.connect(circuit));
    }

    /** Sends RESERVE to the connected {@code relay}; on success the reservation is held until dropped or replaced. */
    public CompletableFuture<Reservation> reserve(PeerId relay) {
        return hop.reserve(relay).thenApply(r -> {
            reservations.put(relay, r);
            return r;
        });
    }

    /** Forgets the reservation on {@code relay} (it lapsed or the relay left); STOP from it is refused from now on. */
    public void drop(PeerId relay) {
        reservations.remove(relay);
    }

    public Optional<Reservation> reservation(PeerId relay) {
        return Optional.ofNullable(reservations.get(relay));
    }

    public Collection<Reservation> reservations() {
        return List.copyOf(reservations.values());
    }

    P2PNode node() {
        return node;
    }
}
