package p2p.chain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 32-byte block (or subtree, or transaction) hash. {@link #bytes()} is the internal order (as hashed and as sent
 * in gRPC); {@link #toDisplayHex()} is the usual byte-reversed hex of explorers and of the gossip JSON (spec section 3).
 */
public final class BlockHash {
    public static final int SIZE = 32;
    private final byte[] internal;

    private BlockHash(byte[] internal) {
        this.internal = internal;
    }

    /** From internal-order bytes, e.g. a gRPC {@code hash} field. */
    public static BlockHash fromBytes(byte[] internal) {
        if (internal == null || internal.length != SIZE) {
            throw new IllegalArgumentException("a hash has " + SIZE + " bytes, got " + (internal == null ? 0 : internal.length));
        }
        return new BlockHash(internal.clone());
    }

    /** From display hex (64 characters, byte-reversed); anything else throws IllegalArgumentException naming it. */
    public static BlockHash fromDisplayHex(String hex) {
        if (hex == null || hex.length() != SIZE * 2) {
            throw new IllegalArgumentException("'" + hex + "' is not a 64-character hash");
        }
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + hex + "' is not hexadecimal");
        }
        return new BlockHash(reverse(bytes));
    }

    /** The hash of an 80-byte block header: double SHA-256. */
    public static BlockHash ofHeader(byte[] header) {
        if (header.length != 80) {
            throw new IllegalArgumentException("a block header has 80 bytes, got " + header.length);
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return new BlockHash(sha.digest(sha.digest(header)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public byte[] bytes() {
        return internal.clone();
    }

    public String toDisplayHex() {
        return HexFormat.of().formatHex(reverse(internal));
    }

    private static byte[] reverse(byte[] in) {
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[in.length - 1 - i];
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockHash other && Arrays.equals(internal, other.internal);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(internal);
    }

    @Override
    public String toString() {
        return toDisplayHex();
    }
}
