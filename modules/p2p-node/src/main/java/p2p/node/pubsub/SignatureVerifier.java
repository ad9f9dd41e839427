package p2p.node.pubsub;

/**
 * Checks a StrictSign signature: resolves the author's public key from the {@code key} field (when present, it
 * must hash to the {@code from} peer id) or from the identity-multihash peer id, then verifies the signature.
 */
@FunctionalInterface
public interface SignatureVerifier {
    /** The outcome of a verification. */
    enum Result {
        VALID,
        /** The signature does not verify under the author's key. */
        BAD_SIGNATURE,
        /** The {@code key} field does not belong to the {@code from} peer id. */
        KEY_MISMATCH,
        /** No usable key: not inlined in the peer id and no {@code key} field, or an unsupported key type. */
        NO_KEY
    }

    /**
     * @param from      the {@code from} field (peer id multihash bytes)
     * @param key       the {@code key} field, or {@code null} when absent
     * @param payload   {@code "libp2p-pubsub:"} followed by the marshalled message without signature and key
     * @param signature the {@code signature} field
     */
    Result verify(byte[] from, byte[] key, byte[] payload, byte[] signature);
}
