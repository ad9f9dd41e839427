package p2p.node.record;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import p2p.node.crypto.Keys;
import p2p.node.crypto.PubKey;

/**
 * The {@code Envelope} protobuf of RFC 0002 ({@code public_key = 1} as the libp2p key protobuf, {@code payload_type =
 * 2}, {@code payload = 3}, {@code signature = 5}); pure, no I/O, no signature check (that is
 * {@link SignedEnvelope#verify}). Unknown fields are skipped, as proto3 requires.
 */
public final class EnvelopeCodec {
    /** Largest envelope accepted; identify caps its whole message well below this. */
    public static final int MAX_BYTES = 16 * 1024;

    private EnvelopeCodec() {
    }

    public static byte[] encode(SignedEnvelope envelope) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(buffer);
        try {
            out.writeByteArray(1, envelope.publicKey().marshal());
            out.writeByteArray(2, envelope.payloadType());
            out.writeByteArray(3, envelope.payload());
            out.writeByteArray(5, envelope.signature());
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return buffer.toByteArray();
    }

    /**
     * Decodes an envelope.
     *
     * @throws RecordException when it is too large, not a protobuf, lacks a field, or carries a malformed key
     */
    public static SignedEnvelope decode(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new RecordException("signed envelope of " + bytes.length + " bytes exceeds " + MAX_BYTES);
        }
        byte[] key = null;
        byte[] type = null;
        byte[] payload = null;
        byte[] signature = null;
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                boolean lengthDelimited = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
                switch (lengthDelimited ? WireFormat.getTagFieldNumber(tag) : 0) {
                    case 1 -> key = in.readByteArray();
                    case 2 -> type = in.readByteArray();
                    case 3 -> payload = in.readByteArray();
                    case 5 -> signature = in.readByteArray();
                    default -> in.skipField(tag);
                }
            }
        } catch (IOException e) {
            throw new RecordException("signed envelope is not a valid protobuf: " + e.getMessage(), e);
        }
        if (key == null || type == null || payload == null || signature == null) {
            throw new RecordException("signed envelope lacks public_key, payload_type, payload or signature");
        }
        PubKey publicKey;
        try {
            publicKey = Keys.unmarshalPublicKey(key);
        } catch (RuntimeException e) {
            throw new RecordException("signed envelope public_key is malformed: " + e.getMessage(), e);
        }
        return new SignedEnvelope(publicKey, type, payload, signature);
    }
}
