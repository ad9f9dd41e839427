package p2p.node.crypto;

/** A libp2p private key: signs with the rules of its type. Never sent on the wire. */
public sealed interface PrivKey permits Ed25519PrivKey, Secp256k1PrivKey, EcdsaPrivKey, RsaPrivKey {
    KeyType type();

    /** The {@code Data} bytes of the {@code PrivateKey} protobuf (e.g. seed||public for Ed25519). */
    byte[] raw();

    byte[] sign(byte[] data);

    PubKey publicKey();

    /** The deterministic libp2p {@code PrivateKey} protobuf (the key-file format of other libp2p stacks). */
    default byte[] marshal() {
        return Keys.marshal(type(), raw());
    }
}
