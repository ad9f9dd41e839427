package p2p.node.pubsub;

import java.util.Optional;

/**
 * The local identity as StrictSign needs it (libp2p pubsub README, "Message Signing"): the peer id stamped into
 * {@code from}, the signing operation, and the marshalled public key for {@code key} when the peer id does not
 * inline it.
 */
public interface MessageSigner {
    /** Multihash bytes of the local peer id. */
    byte[] peerId();

    /**
     * The protobuf-marshalled public key for the {@code key} field, or empty when the peer id is an identity
     * multihash that already carries it (Ed25519).
     */
    Optional<byte[]> publicKeyField();

    /** Signs {@code payload} (the {@code libp2p-pubsub:} prefix is already included) with the private key. */
    byte[] sign(byte[] payload);
}
