package p2p.node.dht;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import p2p.node.crypto.PeerId;

/**
 * A point of the Kademlia key space: SHA-256 of a key's bytes (kad-dht spec, "Distance": peer ids and content keys
 * are hashed alike, and the distance of two points is their XOR read as an unsigned 256-bit integer).
 */
public final class KadId {
    /** Bits in the key space. */
    public static final int BITS = 256;

    private final byte[] hash;

    private KadId(byte[] hash) {
        this.hash = hash;
    }

    /** The point of a key given as bytes (a multihash, a peer id's bytes). */
    public static KadId ofKey(byte[] key) {
        try {
            return new KadId(MessageDigest.getInstance("SHA-256").digest(key));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK must provide SHA-256", e);
        }
    }

    /** The point of a peer: SHA-256 of its multihash bytes. */
    public static KadId of(PeerId peer) {
        return ofKey(peer.toBytes());
    }

    /** A point from raw 32 hash bytes (to aim lookups at a chosen bucket). */
    public static KadId fromHash(byte[] hash) {
        if (hash.length != BITS / 8) {
            throw new IllegalArgumentException("a Kademlia id has 32 bytes, got " + hash.length);
        }
        return new KadId(hash.clone());
    }

    /** The 32 hash bytes. */
    public byte[] bytes() {
        return hash.clone();
    }

    /** Number of leading bits this and {@code other} share (256 when equal): the bucket index of the other. */
    public int commonPrefixLength(KadId other) {
        for (int i = 0; i < hash.length; i++) {
            int x = (hash[i] ^ other.hash[i]) & 0xff;
            if (x != 0) {
                return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
            }
        }
        return BITS;
    }

    /** Compares the distances of {@code a} and {@code b} to this point: negative when {@code a} is closer. */
    public int compareDistance(KadId a, KadId b) {
        for (int i = 0; i < hash.length; i++) {
            int da = (a.hash[i] ^ hash[i]) & 0xff;
            int db = (b.hash[i] ^ hash[i]) & 0xff;
            if (da != db) {
                return Integer.compare(da, db);
            }
        }
        return 0;
    }

    /** Orders points by distance to this one, closest first. */
    public Comparator<KadId> byDistance() {
        return this::compareDistance;
    }

    /** The XOR distance to {@code other} as 32 big-endian bytes. */
    public byte[] distance(KadId other) {
        byte[] d = new byte[hash.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = (byte) (hash[i] ^ other.hash[i]);
        }
        return d;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KadId k && Arrays.equals(hash, k.hash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(hash);
    }
}
