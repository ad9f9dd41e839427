package p2p.node.pubsub;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import p2p.node.crypto.KeyFormatException;
import p2p.node.crypto.Keys;
import p2p.node.crypto.PeerId;
import p2p.node.crypto.PubKey;

/**
 * Verifies StrictSign signatures with libp2p keys: the key comes from the {@code key} field (which must hash to
 * the {@code from} peer id) or, when absent, from the identity-multihash peer id itself. Undecodable ids or keys
 * count as "no key", never as an exception. Keys inlined in peer ids are decoded once per author and kept in a
 * small LRU cache: decoding an Ed25519 point costs a good share of a verification, and a topic has few authors.
 */
public final class PeerIdSignatureVerifier implements SignatureVerifier {
    private static final int CACHED_AUTHORS = 1024;

    /** Author peer id bytes -> inlined key; access-ordered LRU, guarded by its own monitor. */
    private final Map<ByteBuffer, PubKey> inlinedKeys = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, PubKey> eldest) {
            return size() > CACHED_AUTHORS;
        }
    };

    @Override
    public Result verify(byte[] from, byte[] key, byte[] payload, byte[] signature) {
        PubKey publicKey;
        try {
            if (key == null) {
                publicKey = inlinedKey(from);
                if (publicKey == null) {
                    return Result.NO_KEY;
                }
            } else {
                publicKey = Keys.unmarshalPublicKey(key);
                if (!PeerId.fromBytes(from).matches(publicKey)) {
                    return Result.KEY_MISMATCH;
                }
            }
        } catch (KeyFormatException e) {
            return Result.NO_KEY;
        }
        return publicKey.verify(payload, signature) ? Result.VALID : Result.BAD_SIGNATURE;
    }

    private PubKey inlinedKey(byte[] from) {
        ByteBuffer cacheKey = ByteBuffer.wrap(from.clone());
        synchronized (inlinedKeys) {
            PubKey cached = inlinedKeys.get(cacheKey);
            if (cached != null) {
                return cached;
            }
        }
        Optional<PubKey> inlined = PeerId.fromBytes(from).extractPublicKey();
        if (inlined.isEmpty()) {
            return null;
        }
        synchronized (inlinedKeys) {
            inlinedKeys.put(cacheKey, inlined.get());
        }
        return inlined.get();
    }
}
