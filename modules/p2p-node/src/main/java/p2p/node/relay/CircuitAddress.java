package p2p.node.relay;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.InvalidMultiaddrException;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.multiaddr.MultiaddrComponent;
import p2p.node.multiaddr.MultiaddrProtocol;

/**
 * A relayed address, {@code <relay addr>/p2p/<relay>/p2p-circuit/p2p/<target>} (circuit-v2.md, "Addressing"): the
 * target is reached by a CONNECT on the relay, which is dialled at the part before {@code /p2p-circuit} when we are
 * not connected to it yet.
 *
 * @param relayAddress the relay's address with {@code /p2p/<relay>}; only {@code /p2p/<relay>} when the address
 *                     gives no transport part (the relay must then be connected already)
 * @param relay        the relay's peer id
 * @param target       the peer reached through the relay
 */
public record CircuitAddress(Multiaddr relayAddress, PeerId relay, PeerId target) {
    public CircuitAddress {
        Objects.requireNonNull(relayAddress, "relayAddress");
        Objects.requireNonNull(relay, "relay");
        Objects.requireNonNull(target, "target");
    }

    /** Whether {@code address} has a {@code /p2p-circuit} part. */
    public static boolean isCircuit(Multiaddr address) {
        return address.components().stream().anyMatch(c -> c.protocol() == MultiaddrProtocol.P2P_CIRCUIT);
    }

    /**
     * Parses a dialable relayed address.
     *
     * @throws InvalidMultiaddrException naming the address when it has no {@code /p2p/<relay>} before
     *                                   {@code /p2p-circuit} or no single {@code /p2p/<target>} after it
     */
    public static CircuitAddress parse(Multiaddr address) {
        List<MultiaddrComponent> parts = address.components();
        int circuit = -1;
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).protocol() == MultiaddrProtocol.P2P_CIRCUIT) {
                circuit = i;
                break;
            }
        }
        if (circuit < 1 || parts.get(circuit - 1).protocol() != MultiaddrProtocol.P2P) {
            throw new InvalidMultiaddrException("relayed address " + address
                    + " needs /p2p/<relay id> right before /p2p-circuit");
        }
        if (parts.size() != circuit + 2 || parts.get(circuit + 1).protocol() != MultiaddrProtocol.P2P) {
            throw new InvalidMultiaddrException("relayed address " + address
                    + " needs exactly /p2p/<target id> after /p2p-circuit");
        }
        StringBuilder prefix = new StringBuilder();
        parts.subList(0, circuit).forEach(prefix::append);
        Multiaddr relayAddress = Multiaddr.parse(prefix.toString());
        try {
            return new CircuitAddress(relayAddress, PeerId.fromBytes(parts.get(circuit - 1).valueBytes()),
                    PeerId.fromBytes(parts.get(circuit + 1).valueBytes()));
        } catch (RuntimeException e) {
            throw new InvalidMultiaddrException("relayed address " + address + " has a bad peer id: "
                    + e.getMessage(), e);
        }
    }

    /** The relay's own address without {@code /p2p/}, if the relayed address has a transport part. */
    public Optional<Multiaddr> relayTransportAddress() {
        return relayAddress.components().size() > 1 ? Optional.of(relayAddress.withoutPeerId()) : Optional.empty();
    }

    /** {@code <relay addr>/p2p/<relay>/p2p-circuit/p2p/<target>}. */
    public Multiaddr toMultiaddr() {
        return relayAddress.encapsulate("/p2p-circuit").withPeerId(target.toBytes());
    }
}
