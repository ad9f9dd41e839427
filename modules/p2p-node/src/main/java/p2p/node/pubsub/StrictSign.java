package p2p.node.pubsub;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import p2p.node.pubsub.pb.PubsubProto.Message;

/**
 * The {@code StrictSign} signature policy (libp2p pubsub README, "Signature Policy Options"): published
 * messages carry {@code from}, an 8-byte big-endian {@code seqno}, a {@code signature} over
 * {@code "libp2p-pubsub:" + marshal(message without signature and key)}, and {@code key} only when the peer id
 * does not inline the public key. Incoming messages lacking any of these, or failing verification, are rejected.
 */
final class StrictSign {
    /** The prefix signed before the marshalled message. */
    public static final byte[] SIGN_PREFIX = "libp2p-pubsub:".getBytes(StandardCharsets.US_ASCII);
    /** StrictSign sequence numbers are 64-bit big-endian integers. */
    public static final int SEQNO_BYTES = 8;

    /** Why an incoming message failed StrictSign. */
    public enum Rejection {
        MISSING_FROM,
        MISSING_SEQNO,
        BAD_SEQNO_LENGTH,
        MISSING_SIGNATURE,
        BAD_SIGNATURE,
        KEY_MISMATCH,
        NO_KEY
    }

    private StrictSign() {
    }

    /** Builds and signs a message authored by {@code signer}. */
    public static Message sign(MessageSigner signer, String topic, byte[] data, long seqno) {
        Message unsigned = Message.newBuilder()
                .setFrom(ByteString.copyFrom(signer.peerId()))
                .setData(ByteString.copyFrom(data))
                .setSeqno(ByteString.copyFrom(ByteBuffer.allocate(SEQNO_BYTES).putLong(seqno).array()))
                .setTopic(topic)
                .build();
        byte[] signature = signer.sign(signedPayload(unsigned));
        Message.Builder signed = unsigned.toBuilder().setSignature(ByteString.copyFrom(signature));
        signer.publicKeyField().ifPresent(key -> signed.setKey(ByteString.copyFrom(key)));
        return signed.build();
    }

    /**
     * The bytes the author signed: the prefix, then the message re-marshalled without {@code signature} and
     * {@code key}. Protobuf-java writes known fields in field-number order and keeps unknown fields, as the
     * spec asks ("includes any fields that are not recognized").
     */
    public static byte[] signedPayload(Message message) {
        byte[] body = message.toBuilder().clearSignature().clearKey().build().toByteArray();
        byte[] out = new byte[SIGN_PREFIX.length + body.length];
        System.arraycopy(SIGN_PREFIX, 0, out, 0, SIGN_PREFIX.length);
        System.arraycopy(body, 0, out, SIGN_PREFIX.length, body.length);
        return out;
    }

    /** Checks an incoming message; returns {@code null} when it is valid, the reason otherwise. */
    public static Rejection check(Message message, SignatureVerifier verifier) {
        Rejection shape = checkFields(message);
        if (shape != null) {
            return shape;
        }
        byte[] key = message.hasKey() ? message.getKey().toByteArray() : null;
        return switch (verifier.verify(message.getFrom().toByteArray(), key, signedPayload(message),
                message.getSignature().toByteArray())) {
            case VALID -> null;
            case BAD_SIGNATURE -> Rejection.BAD_SIGNATURE;
            case KEY_MISMATCH -> Rejection.KEY_MISMATCH;
            case NO_KEY -> Rejection.NO_KEY;
        };
    }

    /** The presence checks, without cryptography: cheap enough to run before the seen-cache lookup. */
    static Rejection checkFields(Message message) {
        if (!message.hasFrom() || message.getFrom().isEmpty()) {
            return Rejection.MISSING_FROM;
        }
        if (!message.hasSeqno()) {
            return Rejection.MISSING_SEQNO;
        }
        if (message.getSeqno().size() != SEQNO_BYTES) {
            return Rejection.BAD_SEQNO_LENGTH;
        }
        if (!message.hasSignature() || message.getSignature().isEmpty()) {
            return Rejection.MISSING_SIGNATURE;
        }
        return null;
    }

    /** The StrictSign message id: {@code from} bytes followed by {@code seqno} bytes. */
    public static ByteString messageId(Message message) {
        return message.getFrom().concat(message.getSeqno());
    }
}
