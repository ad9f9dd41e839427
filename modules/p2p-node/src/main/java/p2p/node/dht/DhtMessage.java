package p2p.node.dht;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One kad-dht RPC message, decoded and validated ({@link DhtMessageCodec}). Value records are not modelled: this
 * node stores no values, so a {@code record} field is ignored on input and never written.
 *
 * @param type          what is asked or answered
 * @param key           the target: peer id bytes (FIND_NODE) or a multihash (provider messages); empty for PING
 * @param closerPeers   peers closer to the key, in responses
 * @param providerPeers providers of the key (GET_PROVIDERS response, ADD_PROVIDER request)
 */
public record DhtMessage(Type type, byte[] key, List<DhtPeer> closerPeers, List<DhtPeer> providerPeers) {
    /** The spec's {@code MessageType}; the ordinal is the wire value. */
    public enum Type { PUT_VALUE, GET_VALUE, ADD_PROVIDER, GET_PROVIDERS, FIND_NODE, PING }

    public DhtMessage {
        Objects.requireNonNull(type, "type");
        key = key.clone();
        closerPeers = List.copyOf(closerPeers);
        providerPeers = List.copyOf(providerPeers);
    }

    /** A request with only a type and a key. */
    public static DhtMessage request(Type type, byte[] key) {
        return new DhtMessage(type, key, List.of(), List.of());
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DhtMessage m && type == m.type && Arrays.equals(key, m.key)
                && closerPeers.equals(m.closerPeers) && providerPeers.equals(m.providerPeers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, Arrays.hashCode(key), closerPeers, providerPeers);
    }

    @Override
    public String toString() {
        return type + "(key=" + HexFormat.of().formatHex(key) + ", closer=" + closerPeers.size() + ", providers="
                + providerPeers.size() + ")";
    }
}
