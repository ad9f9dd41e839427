package p2p.node.multiaddr;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import p2p.common.wire.ProtocolException;
import p2p.node.wire.Varint;

/**
 * Text and binary forms of multiaddrs (multiformats/multiaddr README, "Specification"): pure functions from a
 * string or byte array to a list of components and back. Binary input comes from peers (identify, DHT), so every
 * length is checked against what is left before anything is copied.
 */
final class MultiaddrCodec {
    /** Multiaddrs are short; anything larger is junk or an attack (go-multiaddr has no smaller practical bound). */
    static final int MAX_BYTES = 1024;

    private MultiaddrCodec() {
    }

    static List<MultiaddrComponent> parseText(String input) {
        if (input == null || input.length() < 2 || input.charAt(0) != '/') {
            throw new InvalidMultiaddrException("multiaddr must start with '/': \"" + input + "\"");
        }
        if (input.length() > MAX_BYTES * 2) {
            throw new InvalidMultiaddrException("multiaddr text longer than " + (MAX_BYTES * 2) + " characters");
        }
        // One trailing slash is tolerated ("/ip4/1.2.3.4/tcp/1/"), as in go-multiaddr.
        String body = input.endsWith("/") ? input.substring(1, input.length() - 1) : input.substring(1);
        if (body.isEmpty()) {
            throw new InvalidMultiaddrException("empty multiaddr: \"" + input + "\"");
        }
        String[] parts = body.split("/", -1);
        List<MultiaddrComponent> components = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            MultiaddrProtocol protocol = MultiaddrProtocol.byText(parts[i]);
            if (protocol == null) {
                throw new InvalidMultiaddrException("unknown protocol \"" + parts[i] + "\" in multiaddr \"" + input + "\"");
            }
            byte[] value = new byte[0];
            if (protocol.hasValue()) {
                if (i + 1 >= parts.length) {
                    throw new InvalidMultiaddrException("/" + protocol.text() + " needs a value in multiaddr \"" + input + "\"");
                }
                String text = parts[++i];
                try {
                    value = protocol.format.parse(text);
                } catch (IllegalArgumentException e) {
                    throw new InvalidMultiaddrException(
                            "bad /" + protocol.text() + " value in multiaddr \"" + input + "\": " + e.getMessage(), e);
                }
            }
            components.add(new MultiaddrComponent(protocol, value));
        }
        return List.copyOf(components);
    }

    static List<MultiaddrComponent> parseBytes(byte[] input) {
        if (input.length == 0) {
            throw new InvalidMultiaddrException("empty binary multiaddr");
        }
        if (input.length > MAX_BYTES) {
            throw new InvalidMultiaddrException("binary multiaddr of " + input.length + " bytes exceeds " + MAX_BYTES);
        }
        ByteBuf in = Unpooled.wrappedBuffer(input);
        List<MultiaddrComponent> components = new ArrayList<>();
        try {
            while (in.isReadable()) {
                int at = in.readerIndex();
                long code = Varint.read(in);
                if (code == Varint.INCOMPLETE) {
                    throw bad(input, "truncated protocol code at byte " + at);
                }
                MultiaddrProtocol protocol = MultiaddrProtocol.byCode(code);
                if (protocol == null) {
                    throw bad(input, "unknown protocol code " + code + " at byte " + at);
                }
                int size = protocol.format.size;
                if (size < 0) {
                    long length = Varint.read(in);
                    if (length == Varint.INCOMPLETE || length > in.readableBytes()) {
                        throw bad(input, "/" + protocol.text() + " value length runs past the end");
                    }
                    size = (int) length;
                } else if (size > in.readableBytes()) {
                    throw bad(input, "/" + protocol.text() + " value truncated");
                }
                byte[] value = new byte[size];
                in.readBytes(value);
                if (protocol.hasValue()) {
                    try {
                        protocol.format.format(value);
                    } catch (IllegalArgumentException e) {
                        throw bad(input, "bad /" + protocol.text() + " value: " + e.getMessage());
                    }
                }
                components.add(new MultiaddrComponent(protocol, value));
            }
        } catch (ProtocolException e) {
            throw bad(input, e.getMessage());
        }
        return List.copyOf(components);
    }

    private static InvalidMultiaddrException bad(byte[] input, String reason) {
        return new InvalidMultiaddrException(reason + " in binary multiaddr 0x" + ByteBufUtil.hexDump(input));
    }

    static byte[] toBytes(List<MultiaddrComponent> components) {
        ByteBuf out = Unpooled.buffer();
        for (MultiaddrComponent c : components) {
            Varint.write(out, c.protocol().code());
            byte[] value = c.rawValue();
            if (c.protocol().format.size < 0) {
                Varint.write(out, value.length);
            }
            out.writeBytes(value);
        }
        return ByteBufUtil.getBytes(out);
    }

    static String toText(List<MultiaddrComponent> components) {
        StringBuilder sb = new StringBuilder();
        for (MultiaddrComponent c : components) {
            sb.append(c);
        }
        return sb.toString();
    }
}
