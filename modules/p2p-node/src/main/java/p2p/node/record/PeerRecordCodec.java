package p2p.node.record;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import p2p.node.crypto.PeerId;
import p2p.node.crypto.PrivKey;
import p2p.node.host.PeerRecord;
import p2p.node.multiaddr.Multiaddr;

/**
 * The wire form of a {@link PeerRecord} (libp2p/specs RFC 0003): the protobuf {@code PeerRecord{peer_id = 1,
 * seq = 2, repeated AddressInfo{multiaddr = 1} addresses = 3}}, sealed in a {@link SignedEnvelope} for the domain
 * {@value #DOMAIN}. Teranode 2026 sends it in identify and gossipsub peer exchange (spec teranode-2026.md 1.2).
 */
public final class PeerRecordCodec {
    /** The signature domain of peer records. */
    public static final String DOMAIN = "libp2p-peer-record";
    /** The payload type: multicodec {@code libp2p-peer-record} (0x0301), written as its two big-endian bytes. */
    private static final byte[] PAYLOAD_TYPE = {0x03, 0x01};
    /** More is a bug or an attempt to bloat our address book; identify already caps the message. */
    public static final int MAX_ADDRESSES = 64;

    private PeerRecordCodec() {
    }

    public static byte[] payloadType() {
        return PAYLOAD_TYPE.clone();
    }

    /** Seals {@code record} with {@code key}, which must be the record's peer's. */
    public static SignedEnvelope seal(PeerRecord record, PrivKey key) {
        if (!record.peer().matches(key.publicKey())) {
            throw new IllegalArgumentException("a peer record of " + record.peer() + " must be signed with that peer's key");
        }
        return SignedEnvelope.seal(key, DOMAIN, PAYLOAD_TYPE, encode(record));
    }

    /**
     * Opens a signed peer record received from the wire: checks the envelope's type, signature and that the signer is
     * the peer the record names.
     *
     * @throws RecordException on any failure, naming it
     */
    public static PeerRecord open(byte[] envelopeBytes) {
        SignedEnvelope envelope = EnvelopeCodec.decode(envelopeBytes);
        if (!Arrays.equals(envelope.payloadType(), PAYLOAD_TYPE)) {
            throw new RecordException("signed envelope does not carry a peer record (payload type "
                    + HexFormat.of().formatHex(envelope.payloadType()) + ")");
        }
        if (!envelope.verify(DOMAIN)) {
            throw new RecordException("peer record signature does not verify");
        }
        PeerRecord record = decode(envelope.payload());
        if (!record.peer().matches(envelope.publicKey())) {
            throw new RecordException("peer record of " + record.peer() + " is signed by another key");
        }
        return record;
    }

    /** The record's protobuf (the envelope payload). */
    public static byte[] encode(PeerRecord record) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(buffer);
        try {
            out.writeByteArray(1, record.peer().toBytes());
            out.writeUInt64(2, record.seq());
            for (Multiaddr a : record.addresses()) {
                ByteArrayOutputStream info = new ByteArrayOutputStream();
                CodedOutputStream inner = CodedOutputStream.newInstance(info);
                inner.writeByteArray(1, a.toBytes());
                inner.flush();
                out.writeByteArray(3, info.toByteArray());
            }
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return buffer.toByteArray();
    }

    /**
     * Decodes a record's protobuf. Addresses this node cannot parse (other transports) are left out, as in identify.
     *
     * @throws RecordException when the protobuf, the peer id or the address count is bad
     */
    public static PeerRecord decode(byte[] bytes) {
        byte[] peer = null;
        long seq = 0;
        List<Multiaddr> addresses = new ArrayList<>();
        int count = 0;
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                int field = WireFormat.getTagFieldNumber(tag);
                int wire = WireFormat.getTagWireType(tag);
                if (field == 1 && wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    peer = in.readByteArray();
                } else if (field == 2 && wire == WireFormat.WIRETYPE_VARINT) {
                    seq = in.readUInt64();
                } else if (field == 3 && wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    if (++count > MAX_ADDRESSES) {
                        throw new RecordException("peer record has more than " + MAX_ADDRESSES + " addresses");
                    }
                    addressInfo(in.readByteArray(), addresses);
                } else {
                    in.skipField(tag);
                }
            }
        } catch (IOException e) {
            throw new RecordException("peer record is not a valid protobuf: " + e.getMessage(), e);
        }
        if (peer == null) {
            throw new RecordException("peer record has no peer_id");
        }
        try {
            return new PeerRecord(PeerId.fromBytes(peer), seq, addresses);
        } catch (RuntimeException e) {
            throw new RecordException("peer record peer_id is malformed: " + e.getMessage(), e);
        }
    }

    private static void addressInfo(byte[] bytes, List<Multiaddr> out) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == 1
                    && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                byte[] raw = in.readByteArray();
                try {
                    out.add(Multiaddr.fromBytes(raw));
                } catch (RuntimeException unknownOrMalformed) {
                    // Skipped on purpose, see decode.
                }
            } else {
                in.skipField(tag);
            }
        }
    }
}
