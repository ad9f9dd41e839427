package p2p.node.crypto;

/**
 * The libp2p key types and their protobuf enum numbers (peer-ids spec, "Keys"). Implementations must support
 * Ed25519; the others appear on remote peers and are parsed and verified.
 */
public enum KeyType {
    RSA(0),
    ED25519(1),
    SECP256K1(2),
    ECDSA(3);

    private final int code;

    KeyType(int code) {
        this.code = code;
    }

    /** The number used in the {@code Type} field of the key protobuf. */
    public int code() {
        return code;
    }
}
