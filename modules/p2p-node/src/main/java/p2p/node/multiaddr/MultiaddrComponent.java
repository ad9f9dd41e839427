package p2p.node.multiaddr;

import java.util.Arrays;

/**
 * One {@code /protocol/value} step of a multiaddr. The value is kept in its binary form (the canonical one); the
 * text form is derived.
 */
public final class MultiaddrComponent {
    private final MultiaddrProtocol protocol;
    private final byte[] value;

    MultiaddrComponent(MultiaddrProtocol protocol, byte[] value) {
        this.protocol = protocol;
        this.value = value;
    }

    public MultiaddrProtocol protocol() {
        return protocol;
    }

    /** The binary value (a copy); empty for protocols without one. */
    public byte[] valueBytes() {
        return value.clone();
    }

    /** The text value ({@code 192.0.2.1}, {@code 4001}, {@code 12D3KooW...}); empty for protocols without one. */
    public String valueText() {
        return protocol.hasValue() ? protocol.format.format(value) : "";
    }

    byte[] rawValue() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultiaddrComponent other && protocol == other.protocol && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return protocol.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return protocol.hasValue() ? "/" + protocol.text() + "/" + valueText() : "/" + protocol.text();
    }
}
