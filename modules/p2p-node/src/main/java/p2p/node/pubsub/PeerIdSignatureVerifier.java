package p2p.node.pubsub;

import java.util.Optional;
import p2p.node.crypto.KeyFormatException;
import p2p.node.crypto.Keys;
import p2p.node.crypto.PeerId;
import p2p.node.crypto.PubKey;

/**
 * Verifies StrictSign signatures with libp2p keys: the key comes from the {@code key} field (which must hash to
 * the {@code from} peer id) or, when absent, from the identity-multihash peer id itself. Undecodable ids or keys
 * count as "no key", never as an exception.
 */
public final class PeerIdSignatureVerifier implements SignatureVerifier {
    @Override
    public Result verify(byte[] from, byte[] key, byte[] payload, byte[] signature) {
        PubKey publicKey;
        try {
            PeerId author = PeerId.fromBytes(from);
            if (key != null) {
                publicKey = Keys.unmarshalPublicKey(key);
                if (!author.matches(publicKey)) {
                    return Result.KEY_MISMATCH;
                }
            } else {
                Optional<PubKey> inlined = author.extractPublicKey();
                if (inlined.isEmpty()) {
                    return Result.NO_KEY;
                }
                publicKey = inlined.get();
            }
        } catch (KeyFormatException e) {
            return Result.NO_KEY;
        }
        return publicKey.verify(payload, signature) ? Result.VALID : Result.BAD_SIGNATURE;
    }
}
