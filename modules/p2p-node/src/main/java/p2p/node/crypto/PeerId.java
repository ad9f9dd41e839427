package p2p.node.crypto;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Optional;
import p2p.common.wire.ProtocolException;
import p2p.node.multiaddr.Base58;
import p2p.node.wire.Varint;

/**
 * A libp2p peer id: the multihash of the peer's encoded public key (libp2p/specs peer-ids/peer-ids.md, "Peer Ids").
 * Keys encoding to at most {@value #MAX_INLINE_KEY_BYTES} bytes (Ed25519, secp256k1) are inlined with the identity
 * multihash, so the key can be read back from the id ({@link #extractPublicKey()}); longer ones are SHA2-256 hashed.
 * Text forms: legacy base58btc of the multihash ({@code 12D3KooW...}, {@code Qm...}, the default
 * {@link #toString()}) and CIDv1 with the {@code libp2p-key} codec in multibase base32 ({@code bafz...}).
 * Immutable; equal when the multihash bytes are equal.
 */
public final class PeerId implements Comparable<PeerId> {
    /** Keys whose protobuf is at most this long are inlined (identity multihash). */
    public static final int MAX_INLINE_KEY_BYTES = 42;
    /** Multihash code of the identity "hash". */
    public static final int IDENTITY = 0x00;
    /** Multihash code of SHA2-256. */
    public static final int SHA2_256 = 0x12;
    /** Multicodec of a peer id inside a CID. */
    public static final int LIBP2P_KEY_CODEC = 0x72;
    /** Bound on a parsed multihash: an inlined key is short, a digest shorter still. */
    public static final int MAX_BYTES = 128;

    private final byte[] multihash;

    private PeerId(byte[] multihash) {
        this.multihash = multihash;
    }

    /** The peer id of a public key, computed from its canonical protobuf encoding. */
    public static PeerId fromPublicKey(PubKey key) {
        byte[] encoded = key.marshal();
        ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length + 4);
        if (encoded.length <= MAX_INLINE_KEY_BYTES) {
            out.writeBytes(Varint.toBytes(IDENTITY));
            out.writeBytes(Varint.toBytes(encoded.length));
            out.writeBytes(encoded);
        } else {
            out.writeBytes(Varint.toBytes(SHA2_256));
            out.writeBytes(Varint.toBytes(32));
            out.writeBytes(DerSignatures.sha256(encoded));
        }
        return new PeerId(out.toByteArray());
    }

    /**
     * A peer id from its binary multihash (as carried in multiaddrs, gossipsub messages and identify).
     *
     * @throws KeyFormatException when the bytes are not one well-formed multihash, or an SHA2-256 one of the
     *     wrong digest length
     */
    public static PeerId fromBytes(byte[] multihash) {
        if (multihash.length == 0 || multihash.length > MAX_BYTES) {
            throw new KeyFormatException("peer id multihash must be 1.." + MAX_BYTES + " bytes, got "
                    + multihash.length);
        }
        ByteBuf in = Unpooled.wrappedBuffer(multihash);
        try {
            long code = Varint.read(in);
            long length = code == Varint.INCOMPLETE ? Varint.INCOMPLETE : Varint.read(in);
            if (length == Varint.INCOMPLETE || length != in.readableBytes()) {
                throw new KeyFormatException("peer id is not a well-formed multihash");
            }
            if (code == SHA2_256 && length != 32) {
                throw new KeyFormatException("sha2-256 peer id must carry 32 digest bytes, got " + length);
            }
        } catch (KeyFormatException e) {
            throw e;
        } catch (ProtocolException e) {
            throw new KeyFormatException("peer id multihash: " + e.getMessage(), e);
        }
        return new PeerId(multihash.clone());
    }

    /**
     * Parses either text form: base58btc multihash ({@code 1...}, {@code Qm...}) or a multibase CIDv1 with the
     * {@code libp2p-key} codec ({@code b}/{@code B} base32, {@code z} base58btc, {@code f} base16).
     *
     * @throws KeyFormatException naming what is wrong with {@code text}
     */
    public static PeerId parse(String text) {
        if (text.isEmpty()) {
            throw new KeyFormatException("peer id is empty");
        }
        if (text.startsWith("1") || text.startsWith("Qm")) {
            return fromBytes(decodeBase58(text));
        }
        byte[] cid = switch (text.charAt(0)) {
            case 'b', 'B' -> Base32.decode(text.substring(1));
            case 'z' -> decodeBase58(text.substring(1));
            case 'f' -> decodeHex(text.substring(1));
            default -> throw new KeyFormatException("peer id '" + text + "' is neither base58btc nor a multibase CID");
        };
        ByteBuf in = Unpooled.wrappedBuffer(cid);
        try {
            long version = Varint.read(in);
            long codec = version == Varint.INCOMPLETE ? Varint.INCOMPLETE : Varint.read(in);
            if (version != 1) {
                throw new KeyFormatException("peer id CID must be version 1, got " + version);
            }
            if (codec != LIBP2P_KEY_CODEC) {
                throw new KeyFormatException("peer id CID must use the libp2p-key codec 0x72, got 0x"
                        + Long.toHexString(codec));
            }
        } catch (KeyFormatException e) {
            throw e;
        } catch (ProtocolException e) {
            throw new KeyFormatException("peer id CID: " + e.getMessage(), e);
        }
        byte[] rest = new byte[in.readableBytes()];
        in.readBytes(rest);
        return fromBytes(rest);
    }

    private static byte[] decodeHex(String hex) {
        try {
            return java.util.HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new KeyFormatException("peer id CID is not valid base16", e);
        }
    }

    /** The binary multihash. */
    public byte[] toBytes() {
        return multihash.clone();
    }

    /** Legacy text form: base58btc of the multihash ({@code 12D3KooW...} for Ed25519 keys). */
    public String toBase58() {
        return Base58.encode(multihash);
    }

    /** CIDv1 text form: multibase base32 of {@code 0x01 0x72 <multihash>} ({@code bafz...}). */
    public String toCidString() {
        byte[] cid = new byte[2 + multihash.length];
        cid[0] = 0x01;
        cid[1] = LIBP2P_KEY_CODEC;
        System.arraycopy(multihash, 0, cid, 2, multihash.length);
        return "b" + Base32.encode(cid);
    }

    /** True when the key is inlined (identity multihash) and can be extracted. */
    public boolean isInlineKey() {
        return multihash[0] == IDENTITY;
    }

    /**
     * The public key inlined in an identity-multihash peer id (Ed25519, secp256k1); empty for hashed ids.
     *
     * @throws KeyFormatException when the inlined bytes are not a valid key
     */
    public Optional<PubKey> extractPublicKey() {
        if (!isInlineKey()) {
            return Optional.empty();
        }
        ByteBuf in = Unpooled.wrappedBuffer(multihash);
        Varint.read(in);
        Varint.read(in);
        byte[] key = new byte[in.readableBytes()];
        in.readBytes(key);
        return Optional.of(Keys.unmarshalPublicKey(key));
    }

    /** Whether {@code key} is the key this id was derived from. */
    public boolean matches(PubKey key) {
        return equals(fromPublicKey(key));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerId other && Arrays.equals(multihash, other.multihash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(multihash);
    }

    @Override
    public int compareTo(PeerId o) {
        return Arrays.compareUnsigned(multihash, o.multihash);
    }

    @Override
    public String toString() {
        return toBase58();
    }

    private static byte[] decodeBase58(String text) {
        try {
            return Base58.decode(text);
        } catch (IllegalArgumentException e) {
            throw new KeyFormatException("peer id: " + e.getMessage());
        }
    }
}
