package p2p.node.dht;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import p2p.node.crypto.KeyFormatException;
import p2p.node.crypto.PeerId;
import p2p.node.dht.pb.DhtProto;
import p2p.node.multiaddr.Multiaddr;

/**
 * Translates kad-dht {@code Message} protobufs (without their varint length prefix) to and from {@link DhtMessage}.
 * Pure and stateless. Decoding is strict about the envelope (size, type, key length) and lenient about third-party
 * peer entries: an entry with a bad peer id is skipped and bogus addresses are filtered ({@link AddressFilter}), as a
 * peer may pass on junk it was itself given without being hostile.
 */
public final class DhtMessageCodec {
    /** Longest key accepted: a multihash or a peer id is far shorter; bounds what the provider store keeps. */
    public static final int MAX_KEY_BYTES = 256;
    /** Most peer entries accepted in one list (k is 20; providers of a key are few). */
    public static final int MAX_PEERS_PER_LIST = 1000;

    private final AddressFilter addressFilter;

    public DhtMessageCodec(AddressFilter addressFilter) {
        this.addressFilter = addressFilter;
    }

    /** The protobuf bytes of {@code message}. */
    public byte[] encode(DhtMessage message) {
        DhtProto.Message.Builder b = DhtProto.Message.newBuilder()
                .setTypeValue(message.type().ordinal())
                .setKey(ByteString.copyFrom(message.key()));
        message.closerPeers().forEach(p -> b.addCloserPeers(encodePeer(p)));
        message.providerPeers().forEach(p -> b.addProviderPeers(encodePeer(p)));
        return b.build().toByteArray();
    }

    private static DhtProto.Message.Peer encodePeer(DhtPeer peer) {
        DhtProto.Message.Peer.Builder b = DhtProto.Message.Peer.newBuilder()
                .setId(ByteString.copyFrom(peer.id().toBytes()))
                .setConnectionValue(peer.connection().ordinal());
        for (Multiaddr a : peer.addresses()) {
            b.addAddrs(ByteString.copyFrom(a.toBytes()));
        }
        return b.build();
    }

    /**
     * Decodes one message; allocates at most a few times the bytes, themselves at most
     * {@link DhtProtocol#MAX_MESSAGE_BYTES} (DhtMessageProperties checks 16 x bytes + 64 KiB).
     *
     * @throws DhtProtocolException when the bytes are over {@link DhtProtocol#MAX_MESSAGE_BYTES}, not a protobuf
     *     {@code Message}, of an unknown type, carry a key over {@link #MAX_KEY_BYTES} or too many peers
     */
    public DhtMessage decode(byte[] bytes) {
        if (bytes.length > DhtProtocol.MAX_MESSAGE_BYTES) {
            throw new DhtProtocolException("DHT message of " + bytes.length + " bytes exceeds "
                    + DhtProtocol.MAX_MESSAGE_BYTES);
        }
        DhtProto.Message m;
        try {
            m = DhtProto.Message.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new DhtProtocolException("DHT message is not a valid protobuf: " + e.getMessage(), e);
        }
        int typeValue = m.getTypeValue();
        if (typeValue < 0 || typeValue >= DhtMessage.Type.values().length) {
            throw new DhtProtocolException("DHT message type " + typeValue + " is unknown");
        }
        if (m.getKey().size() > MAX_KEY_BYTES) {
            throw new DhtProtocolException("DHT message key of " + m.getKey().size() + " bytes exceeds " + MAX_KEY_BYTES);
        }
        if (m.getCloserPeersCount() > MAX_PEERS_PER_LIST || m.getProviderPeersCount() > MAX_PEERS_PER_LIST) {
            throw new DhtProtocolException("DHT message lists " + m.getCloserPeersCount() + " closer and "
                    + m.getProviderPeersCount() + " provider peers, more than " + MAX_PEERS_PER_LIST);
        }
        return new DhtMessage(DhtMessage.Type.values()[typeValue], m.getKey().toByteArray(),
                decodePeers(m.getCloserPeersList()), decodePeers(m.getProviderPeersList()));
    }

    private List<DhtPeer> decodePeers(List<DhtProto.Message.Peer> entries) {
        List<DhtPeer> out = new ArrayList<>(entries.size());
        for (DhtProto.Message.Peer e : entries) {
            PeerId id;
            try {
                id = PeerId.fromBytes(e.getId().toByteArray());
            } catch (KeyFormatException bad) {
                continue;
            }
            List<byte[]> raw = new ArrayList<>(e.getAddrsCount());
            e.getAddrsList().forEach(a -> raw.add(a.toByteArray()));
            int c = e.getConnectionValue();
            DhtPeer.Connectedness connection = c >= 0 && c < DhtPeer.Connectedness.values().length
                    ? DhtPeer.Connectedness.values()[c] : DhtPeer.Connectedness.NOT_CONNECTED;
            out.add(new DhtPeer(id, addressFilter.filterBytes(id, raw), connection));
        }
        return out;
    }
}
