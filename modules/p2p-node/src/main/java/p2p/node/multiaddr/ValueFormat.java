package p2p.node.multiaddr;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import p2p.common.ip.IpLiteral;
import p2p.node.wire.Varint;

/**
 * How one multiaddr protocol's value is written in text and in binary (multiaddr spec, "Encoding"). Each method
 * throws {@link IllegalArgumentException} with a short reason; {@link MultiaddrCodec} adds the whole input.
 */
enum ValueFormat {
    /** No value ({@code /quic-v1}, {@code /p2p-circuit}). */
    NONE(0) {
        @Override
        byte[] parse(String text) {
            throw new IllegalStateException("NONE has no value");
        }

        @Override
        String format(byte[] value) {
            throw new IllegalStateException("NONE has no value");
        }
    },
    /** Four bytes, dotted-quad text. */
    IP4(4) {
        @Override
        byte[] parse(String text) {
            byte[] address = IpLiteral.parseIpv4(text);
            if (address == null) {
                throw new IllegalArgumentException("not an IPv4 address: \"" + text + "\"");
            }
            return address;
        }

        @Override
        String format(byte[] value) {
            return IpLiteral.format(value);
        }
    },
    /** Sixteen bytes, RFC 5952 text. */
    IP6(16) {
        @Override
        byte[] parse(String text) {
            byte[] address = IpLiteral.parseIpv6(text);
            if (address == null) {
                throw new IllegalArgumentException("not an IPv6 address: \"" + text + "\"");
            }
            return address;
        }

        @Override
        String format(byte[] value) {
            return IpLiteral.formatMixed(value);
        }
    },
    /** Two bytes big-endian, decimal text 0..65535. */
    PORT(2) {
        @Override
        byte[] parse(String text) {
            int port = -1;
            if (!text.isEmpty() && text.length() <= 5 && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                port = Integer.parseInt(text);
            }
            if (port < 0 || port > 0xffff) {
                throw new IllegalArgumentException("not a port number 0..65535: \"" + text + "\"");
            }
            return new byte[] {(byte) (port >>> 8), (byte) port};
        }

        @Override
        String format(byte[] value) {
            return Integer.toString(((value[0] & 0xff) << 8) | (value[1] & 0xff));
        }
    },
    /** Length-prefixed UTF-8 text without {@code '/'} (DNS names, IPv6 zones, SNI). */
    NAME(-1) {
        @Override
        byte[] parse(String text) {
            if (text.isEmpty()) {
                throw new IllegalArgumentException("empty name");
            }
            return text.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        String format(byte[] value) {
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(value))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("name is not valid UTF-8");
            }
            if (text.isEmpty() || text.indexOf('/') >= 0) {
                throw new IllegalArgumentException("name is empty or contains '/': \"" + text + "\"");
            }
            return text;
        }
    },
    /**
     * A peer id: length-prefixed multihash in binary, base58btc in text. Only the two multihashes libp2p peer ids
     * use are accepted (peer-ids spec): identity (inlined public key, at most 64 bytes) and sha2-256 (32 bytes).
     * The CIDv1 text forms ({@code bafz...}, {@code k51...}) are not supported.
     */
    PEER_ID(-1) {
        @Override
        byte[] parse(String text) {
            if (!text.startsWith("Qm") && !text.startsWith("1")) {
                throw new IllegalArgumentException("peer id is not a base58 multihash (Qm... or 1...): \"" + text + "\"");
            }
            byte[] multihash = Base58.decode(text);
            checkMultihash(multihash);
            return multihash;
        }

        @Override
        String format(byte[] value) {
            checkMultihash(value);
            return Base58.encode(value);
        }
    };

    static final int IDENTITY = 0x00;
    static final int SHA2_256 = 0x12;
    static final int MAX_IDENTITY_DIGEST = 64;

    /** Fixed value size in bytes, 0 for none, -1 for a varint length prefix. */
    final int size;

    ValueFormat(int size) {
        this.size = size;
    }

    abstract byte[] parse(String text);

    abstract String format(byte[] value);

    static void checkMultihash(byte[] multihash) {
        ByteBuf buf = Unpooled.wrappedBuffer(multihash);
        long code = Varint.read(buf);
        long length = code == Varint.INCOMPLETE ? Varint.INCOMPLETE : Varint.read(buf);
        if (length == Varint.INCOMPLETE || length != buf.readableBytes()) {
            throw new IllegalArgumentException("peer id is not a well-formed multihash");
        }
        if (code == SHA2_256 && length != 32) {
            throw new IllegalArgumentException("sha2-256 peer id digest must be 32 bytes, got " + length);
        }
        if (code == IDENTITY && (length == 0 || length > MAX_IDENTITY_DIGEST)) {
            throw new IllegalArgumentException("identity peer id digest must be 1.." + MAX_IDENTITY_DIGEST + " bytes, got " + length);
        }
        if (code != SHA2_256 && code != IDENTITY) {
            throw new IllegalArgumentException("peer id multihash code 0x" + Long.toHexString(code)
                    + " is neither identity (0x00) nor sha2-256 (0x12)");
        }
    }
}
