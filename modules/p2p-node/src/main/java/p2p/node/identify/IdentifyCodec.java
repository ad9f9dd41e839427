package p2p.node.identify;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import p2p.node.crypto.Keys;
import p2p.node.crypto.PubKey;
import p2p.node.host.IdentifyInfo;
import p2p.node.identify.pb.IdentifyProto;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.record.PeerRecordCodec;

/**
 * Translates {@link IdentifyInfo} to and from the identify protobuf; pure, no I/O. The length prefix is the stream
 * handlers' job.
 */
public final class IdentifyCodec {
    /**
     * Largest identify message accepted. js-libp2p caps at 8 KiB, go-libp2p at 2 KiB of addresses plus a signed
     * record; 64 KiB leaves room for both without letting a peer make us buffer more.
     */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;

    private IdentifyCodec() {
    }

    public static byte[] encode(IdentifyInfo info) {
        IdentifyProto.Identify.Builder b = IdentifyProto.Identify.newBuilder()
                .setProtocolVersion(info.protocolVersion())
                .setAgentVersion(info.agentVersion())
                .addAllProtocols(info.protocols());
        info.publicKey().ifPresent(k -> b.setPublicKey(ByteString.copyFrom(k.marshal())));
        for (Multiaddr addr : info.listenAddrs()) {
            b.addListenAddrs(ByteString.copyFrom(addr.toBytes()));
        }
        info.observedAddr().ifPresent(a -> b.setObservedAddr(ByteString.copyFrom(a.toBytes())));
        info.signedPeerRecord().ifPresent(r -> b.setSignedPeerRecord(ByteString.copyFrom(r)));
        return b.build().toByteArray();
    }

    /**
     * Decodes a message. Listen addresses with a protocol this node cannot parse (another transport's) are left out:
     * we could not dial them anyway, and the rest of the message stays useful.
     *
     * @throws IdentifyException when the message is too large, not a valid protobuf, or carries a malformed public
     *                           key
     */
    public static IdentifyInfo decode(byte[] bytes) {
        if (bytes.length > MAX_MESSAGE_BYTES) {
            throw new IdentifyException("identify message of " + bytes.length + " bytes exceeds " + MAX_MESSAGE_BYTES);
        }
        IdentifyProto.Identify msg;
        try {
            msg = IdentifyProto.Identify.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IdentifyException("identify message is not a valid protobuf: " + e.getMessage(), e);
        }
        Optional<PubKey> key = Optional.empty();
        if (msg.hasPublicKey()) {
            try {
                key = Optional.of(Keys.unmarshalPublicKey(msg.getPublicKey().toByteArray()));
            } catch (RuntimeException e) {
                throw new IdentifyException("identify publicKey is malformed: " + e.getMessage(), e);
            }
        }
        List<Multiaddr> listen = new ArrayList<>(msg.getListenAddrsCount());
        for (ByteString raw : msg.getListenAddrsList()) {
            try {
                listen.add(Multiaddr.fromBytes(raw.toByteArray()));
            } catch (RuntimeException unknownOrMalformed) {
                // Skipped on purpose, see the method comment.
            }
        }
        Optional<Multiaddr> observed = Optional.empty();
        if (msg.hasObservedAddr()) {
            try {
                observed = Optional.of(Multiaddr.fromBytes(msg.getObservedAddr().toByteArray()));
            } catch (RuntimeException unknownOrMalformed) {
                // Same rule as listen addresses: only a hint about our own address, never worth dropping the peer.
            }
        }
        // The record stays bytes here: the host verifies it against the connection's peer (PeerRecordCodec.open).
        Optional<byte[]> record = msg.hasSignedPeerRecord() ? Optional.of(msg.getSignedPeerRecord().toByteArray())
                : Optional.empty();
        return new IdentifyInfo(msg.getProtocolVersion(), msg.getAgentVersion(), key, listen, observed,
                msg.getProtocolsList(), record);
    }
}
