package p2p.node.crypto;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import p2p.node.crypto.pb.KeysProto;

/**
 * The libp2p key protobuf codec (peer-ids spec, "Keys"): {@code Type} (field 1) then {@code Data} (field 2), both
 * always written, so the encoding is the deterministic one peer ids hash. Decoding re-derives each key from its
 * {@code Data}, so a remote key's {@link PubKey#marshal()} is the canonical form even when it arrived otherwise.
 */
public final class Keys {
    /** Bound on an encoded key we accept from the network; an 8192-bit RSA key in PKIX DER is about 1.1 KiB. */
    public static final int MAX_ENCODED_BYTES = 8 * 1024;

    private Keys() {
    }

    static byte[] marshal(KeyType type, byte[] data) {
        return KeysProto.PublicKey.newBuilder()
                .setType(KeysProto.KeyType.forNumber(type.code()))
                .setData(ByteString.copyFrom(data))
                .build()
                .toByteArray();
    }

    /**
     * Decodes a {@code PublicKey} protobuf.
     *
     * @throws KeyFormatException on a malformed protobuf, a missing field, an unknown type or invalid key data
     */
    public static PubKey unmarshalPublicKey(byte[] encoded) {
        KeysProto.PublicKey pb;
        try {
            checkSize(encoded);
            pb = KeysProto.PublicKey.parseFrom(encoded);
        } catch (InvalidProtocolBufferException e) {
            throw new KeyFormatException("public key protobuf is malformed or has an unknown key type", e);
        }
        byte[] data = pb.getData().toByteArray();
        return switch (pb.getType()) {
            case Ed25519 -> Ed25519PubKey.fromRaw(data);
            case Secp256k1 -> Secp256k1PubKey.fromRaw(data);
            case ECDSA -> EcdsaPubKey.fromRaw(data);
            case RSA -> RsaPubKey.fromRaw(data);
        };
    }

    /**
     * Decodes a {@code PrivateKey} protobuf (the key-file format of other libp2p implementations).
     *
     * @throws KeyFormatException on a malformed protobuf, a missing field, an unknown type or invalid key data
     */
    public static PrivKey unmarshalPrivateKey(byte[] encoded) {
        KeysProto.PrivateKey pb;
        try {
            checkSize(encoded);
            pb = KeysProto.PrivateKey.parseFrom(encoded);
        } catch (InvalidProtocolBufferException e) {
            throw new KeyFormatException("private key protobuf is malformed or has an unknown key type", e);
        }
        byte[] data = pb.getData().toByteArray();
        return switch (pb.getType()) {
            case Ed25519 -> Ed25519PrivKey.fromRaw(data);
            case Secp256k1 -> Secp256k1PrivKey.fromRaw(data);
            case ECDSA -> EcdsaPrivKey.fromRaw(data);
            case RSA -> RsaPrivKey.fromRaw(data);
        };
    }

    private static void checkSize(byte[] encoded) {
        if (encoded.length > MAX_ENCODED_BYTES) {
            throw new KeyFormatException("encoded key of " + encoded.length + " bytes exceeds " + MAX_ENCODED_BYTES);
        }
    }
}
