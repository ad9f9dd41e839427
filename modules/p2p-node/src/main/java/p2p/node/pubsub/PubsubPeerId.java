package p2p.node.pubsub;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A libp2p peer id as pubsub sees it: the multihash bytes carried in {@code Message.from} and in PX records.
 * Pubsub only compares and forwards these bytes; key handling lives behind {@link MessageSigner} and
 * {@link SignatureVerifier}.
 */
public final class PubsubPeerId {
    private final byte[] bytes;
    private final int hash;

    private PubsubPeerId(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** Wraps a copy of the multihash bytes of a peer id. */
    public static PubsubPeerId of(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("peer id bytes must not be empty");
        }
        return new PubsubPeerId(bytes.clone());
    }

    /** The multihash bytes (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    boolean sameBytes(byte[] other) {
        return Arrays.equals(bytes, other);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PubsubPeerId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        // Short hex form for logs; the canonical base58 text form belongs to p2p.node.crypto.
        String hex = HexFormat.of().formatHex(bytes);
        return hex.length() <= 16 ? hex : "…" + hex.substring(hex.length() - 16);
    }
}
