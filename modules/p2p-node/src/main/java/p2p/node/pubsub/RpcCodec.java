package p2p.node.pubsub;

import com.google.protobuf.InvalidProtocolBufferException;
import p2p.common.wire.ProtocolException;
import p2p.node.pubsub.pb.PubsubProto.RPC;
import p2p.node.wire.Varint;

/**
 * Bytes to and from pubsub {@code RPC} frames (libp2p pubsub README, "The RPC"): each RPC is a protobuf
 * prefixed by its unsigned-varint length. Splitting a stream into frames is {@link p2p.node.wire.VarintFrameDecoder}'s
 * job; this class turns one frame payload into an RPC and back. Pure: no I/O, no state.
 */
final class RpcCodec {
    /** The spec's suggested message-size limit, applied to the whole RPC frame. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 1 << 20;

    private RpcCodec() {
    }

    /**
     * Parses one frame payload (without its length prefix); allocates at most a few times the payload, itself at
     * most {@code maxFrameBytes} (RpcCodecProperties checks 16 x payload + 64 KiB).
     *
     * @throws ProtocolException when the payload exceeds {@code maxFrameBytes} or is not a valid RPC protobuf
     */
    public static RPC decode(byte[] payload, int maxFrameBytes) {
        if (payload.length > maxFrameBytes) {
            throw new ProtocolException("pubsub RPC of " + payload.length + " bytes exceeds the limit of "
                    + maxFrameBytes);
        }
        try {
            return RPC.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new ProtocolException("malformed pubsub RPC protobuf: " + e.getMessage(), e);
        }
    }

    /** The RPC's protobuf bytes, without a length prefix (the frame encoder adds it). */
    public static byte[] encode(RPC rpc) {
        return rpc.toByteArray();
    }

    /** The RPC with its varint length prefix, as it travels on a stream. */
    public static byte[] encodeFrame(RPC rpc) {
        int size = rpc.getSerializedSize();
        byte[] prefix = Varint.toBytes(size);
        byte[] out = new byte[prefix.length + size];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(rpc.toByteArray(), 0, out, prefix.length, size);
        return out;
    }
}
