package p2p.node.crypto;

/**
 * A libp2p public key: an identity key of a peer, used to verify its signatures and to derive its {@link PeerId}.
 * {@link #raw()} is the type-specific {@code Data} of the key protobuf; {@link #marshal()} the whole protobuf.
 */
public sealed interface PubKey permits Ed25519PubKey, Secp256k1PubKey, EcdsaPubKey, RsaPubKey {
    KeyType type();

    /** The {@code Data} bytes of the key protobuf (raw 32 bytes for Ed25519, compressed point, PKIX DER...). */
    byte[] raw();

    /**
     * Verifies {@code signature} over {@code data} with the signing rules of this key type. Malformed signatures
     * verify as {@code false}; nothing is thrown for remote garbage.
     */
    boolean verify(byte[] data, byte[] signature);

    /** The deterministic libp2p {@code PublicKey} protobuf: what peer ids hash and handshakes carry. */
    default byte[] marshal() {
        return Keys.marshal(type(), raw());
    }
}
