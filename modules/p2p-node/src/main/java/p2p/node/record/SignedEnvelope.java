package p2p.node.record;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import p2p.node.crypto.PrivKey;
import p2p.node.crypto.PubKey;
import p2p.node.host.PeerRecord;
import p2p.node.wire.Varint;

/**
 * A payload signed by a key holder for one domain (libp2p/specs RFC 0002). The signature covers the varint-length
 * prefixed domain, payload type and payload, so a signature made for one domain never verifies in another. Built by
 * {@link #seal}, read from the wire by {@link EnvelopeCodec#decode} and trusted only after {@link #verify}.
 *
 * @param publicKey   the signer's key
 * @param payloadType what the payload is (a multicodec; {@link PeerRecord#PAYLOAD_TYPE} for peer records)
 * @param payload     the record bytes
 * @param signature   the signer's signature over {@link #unsigned}
 */
public record SignedEnvelope(PubKey publicKey, byte[] payloadType, byte[] payload, byte[] signature) {
    public SignedEnvelope {
        Objects.requireNonNull(publicKey, "publicKey");
        payloadType = payloadType.clone();
        payload = payload.clone();
        signature = signature.clone();
    }

    /** Signs {@code payload} with {@code key} for {@code domain}. */
    public static SignedEnvelope seal(PrivKey key, String domain, byte[] payloadType, byte[] payload) {
        byte[] signature = key.sign(unsigned(domain, payloadType, payload));
        return new SignedEnvelope(key.publicKey(), payloadType, payload, signature);
    }

    /** Whether the signature is the public key's over this envelope's fields in {@code domain}. */
    public boolean verify(String domain) {
        return publicKey.verify(unsigned(domain, payloadType, payload), signature);
    }

    /** The bytes signed: each of domain, payload type and payload prefixed by its length as an unsigned varint. */
    static byte[] unsigned(String domain, byte[] payloadType, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] field : new byte[][] {domain.getBytes(StandardCharsets.UTF_8), payloadType, payload}) {
            out.writeBytes(Varint.toBytes(field.length));
            out.writeBytes(field);
        }
        return out.toByteArray();
    }

    @Override
    public byte[] payloadType() {
        return payloadType.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }
}
