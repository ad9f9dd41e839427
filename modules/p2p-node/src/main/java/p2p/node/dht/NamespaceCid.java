package p2p.node.dht;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import p2p.node.crypto.Base32;

/**
 * The content id routing discovery provides for a namespace, as go-libp2p's discovery/routing does it: CIDv1 with
 * the {@code raw} codec (0x55) over the sha2-256 multihash of the namespace's UTF-8 bytes. DHT provider messages
 * carry only the multihash ({@link #multihash()}), so any implementation that hashes the name alike meets ours.
 */
public final class NamespaceCid {
    /** Multicodec of raw bytes. */
    public static final int RAW_CODEC = 0x55;
    /** Multihash code of sha2-256. */
    public static final int SHA2_256 = 0x12;

    private final String namespace;
    private final byte[] multihash;

    private NamespaceCid(String namespace, byte[] multihash) {
        this.namespace = namespace;
        this.multihash = multihash;
    }

    /**
     * The CID of {@code namespace}.
     *
     * @throws IllegalArgumentException when the namespace is empty
     */
    public static NamespaceCid of(String namespace) {
        if (namespace.isEmpty()) {
            throw new IllegalArgumentException("discovery namespace must not be empty");
        }
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(namespace.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK must provide SHA-256", e);
        }
        byte[] mh = new byte[2 + digest.length];
        mh[0] = SHA2_256;
        mh[1] = (byte) digest.length;
        System.arraycopy(digest, 0, mh, 2, digest.length);
        return new NamespaceCid(namespace, mh);
    }

    public String namespace() {
        return namespace;
    }

    /** The multihash: the key of the DHT provider messages. */
    public byte[] multihash() {
        return multihash.clone();
    }

    /** The binary CID: version 1, raw codec, multihash. */
    public byte[] toBytes() {
        byte[] cid = new byte[2 + multihash.length];
        cid[0] = 0x01;
        cid[1] = RAW_CODEC;
        System.arraycopy(multihash, 0, cid, 2, multihash.length);
        return cid;
    }

    /** The CID in its default text form, multibase base32 ({@code bafkrei...}). */
    @Override
    public String toString() {
        return "b" + Base32.encode(toBytes());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NamespaceCid c && Arrays.equals(multihash, c.multihash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(multihash);
    }
}
