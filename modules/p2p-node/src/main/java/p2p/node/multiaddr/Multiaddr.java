package p2p.node.multiaddr;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import p2p.common.ip.IpLiteral;

/**
 * A self-describing network address ({@code /ip4/192.0.2.1/tcp/4001/p2p/12D3KooW...}), immutable, equal by its
 * binary form. Implements the multiaddr spec (github.com/multiformats/multiaddr) and the libp2p addressing spec
 * (libp2p/specs addressing/README.md): a trailing {@code /p2p/<peer id>} names the peer reached at the address
 * before it.
 *
 * <p>The peer id is kept as the raw multihash bytes and shown in base58btc, so this package does not depend on
 * the key types of {@code p2p.node.crypto}.
 */
public final class Multiaddr {
    private final List<MultiaddrComponent> components;
    private final byte[] bytes;

    private Multiaddr(List<MultiaddrComponent> components) {
        this.components = components;
        this.bytes = MultiaddrCodec.toBytes(components);
    }

    /**
     * Parses the text form.
     *
     * @throws InvalidMultiaddrException naming the input when it is not a valid multiaddr
     */
    public static Multiaddr parse(String text) {
        return new Multiaddr(MultiaddrCodec.parseText(text));
    }

    /**
     * Parses the binary form (as carried in identify and DHT messages).
     *
     * @throws InvalidMultiaddrException quoting the input as hex when it is not a valid multiaddr
     */
    public static Multiaddr fromBytes(byte[] bytes) {
        return new Multiaddr(MultiaddrCodec.parseBytes(bytes));
    }

    /**
     * The TCP multiaddr of {@code host:port}: IP literals become {@code /ip4} or {@code /ip6}, names {@code /dns4}
     * (Teranode's rule for {@code p2p_advertise_addresses}).
     *
     * @throws InvalidMultiaddrException naming the host or port at fault
     */
    public static Multiaddr tcp(String host, int port) {
        if (port < 0 || port > 0xffff) {
            throw new InvalidMultiaddrException("port " + port + " of \"" + host + "\" is outside 0..65535");
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        MultiaddrProtocol protocol;
        if (IpLiteral.parseIpv4(h) != null) {
            protocol = MultiaddrProtocol.IP4;
        } else if (h.indexOf(':') >= 0) {
            protocol = MultiaddrProtocol.IP6;
        } else {
            protocol = MultiaddrProtocol.DNS4;
        }
        return parse("/" + protocol.text() + "/" + h + "/tcp/" + port);
    }

    /** The TCP multiaddr of a socket address; an unresolved one becomes {@code /dns/<name>}. */
    public static Multiaddr tcp(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        List<MultiaddrComponent> parts = new ArrayList<>(2);
        if (ip == null) {
            parts.add(new MultiaddrComponent(MultiaddrProtocol.DNS, MultiaddrProtocol.DNS.format.parse(address.getHostString())));
        } else {
            byte[] raw = ip.getAddress();
            parts.add(new MultiaddrComponent(raw.length == 4 ? MultiaddrProtocol.IP4 : MultiaddrProtocol.IP6, raw));
        }
        parts.add(new MultiaddrComponent(MultiaddrProtocol.TCP, MultiaddrProtocol.TCP.format.parse(Integer.toString(address.getPort()))));
        return new Multiaddr(List.copyOf(parts));
    }

    public List<MultiaddrComponent> components() {
        return components;
    }

    /** The binary form (a copy). */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Whether the address starts with a host (ip4, ip6, dns, dns4, dns6) followed by {@code /tcp}. */
    public boolean isTcp() {
        return components.size() >= 2 && components.get(0).protocol().isHost()
                && components.get(1).protocol() == MultiaddrProtocol.TCP;
    }

    /**
     * The host of the first component: an IP address in text form or a DNS name.
     *
     * @throws IllegalStateException when the address does not start with ip4, ip6, dns, dns4 or dns6
     */
    public String host() {
        MultiaddrComponent first = components.get(0);
        if (!first.protocol().isHost()) {
            throw new IllegalStateException("multiaddr " + this + " does not start with a host");
        }
        return first.valueText();
    }

    /**
     * The port of the first {@code /tcp} component.
     *
     * @throws IllegalStateException when there is none
     */
    public int port() {
        for (MultiaddrComponent c : components) {
            if (c.protocol() == MultiaddrProtocol.TCP) {
                return Integer.parseInt(c.valueText());
            }
        }
        throw new IllegalStateException("multiaddr " + this + " has no /tcp port");
    }

    /** The peer id of a trailing {@code /p2p} component, as multihash bytes. */
    public Optional<byte[]> peerIdBytes() {
        MultiaddrComponent last = components.get(components.size() - 1);
        return last.protocol() == MultiaddrProtocol.P2P ? Optional.of(last.valueBytes()) : Optional.empty();
    }

    /** The peer id of a trailing {@code /p2p} component, in base58btc ({@code 12D3KooW...}). */
    public Optional<String> peerIdBase58() {
        return peerIdBytes().map(Base58::encode);
    }

    /** This address without its trailing {@code /p2p} component (itself when there is none). */
    public Multiaddr withoutPeerId() {
        if (peerIdBytes().isEmpty()) {
            return this;
        }
        if (components.size() == 1) {
            throw new IllegalStateException("multiaddr " + this + " is only a peer id");
        }
        return new Multiaddr(components.subList(0, components.size() - 1));
    }

    /**
     * This address with {@code /p2p/<peer id>} appended, replacing a trailing one.
     *
     * @param multihash the peer id as multihash bytes
     * @throws InvalidMultiaddrException when the bytes are not a peer id multihash
     */
    public Multiaddr withPeerId(byte[] multihash) {
        try {
            ValueFormat.checkMultihash(multihash);
        } catch (IllegalArgumentException e) {
            throw new InvalidMultiaddrException("bad peer id for " + this + ": " + e.getMessage(), e);
        }
        Multiaddr base = peerIdBytes().isPresent() ? withoutPeerId() : this;
        List<MultiaddrComponent> parts = new ArrayList<>(base.components);
        parts.add(new MultiaddrComponent(MultiaddrProtocol.P2P, multihash.clone()));
        return new Multiaddr(List.copyOf(parts));
    }

    /** {@code this} followed by {@code inner} ({@code /ip4/1.2.3.4} + {@code /tcp/80}). */
    public Multiaddr encapsulate(Multiaddr inner) {
        List<MultiaddrComponent> parts = new ArrayList<>(components);
        parts.addAll(inner.components);
        return new Multiaddr(List.copyOf(parts));
    }

    /** {@code this} followed by the parsed {@code inner} text. */
    public Multiaddr encapsulate(String inner) {
        return encapsulate(parse(inner));
    }

    /**
     * The socket address to dial. IP hosts are returned resolved (no lookup happens); DNS names are returned
     * unresolved, so the name is looked up lazily by whoever connects (Netty's resolver) and not on this thread.
     * {@code /dns4} and {@code /dns6} lose their address-family restriction here.
     *
     * @throws IllegalStateException when {@link #isTcp()} is false
     */
    public InetSocketAddress toInetSocketAddress() {
        if (!isTcp()) {
            throw new IllegalStateException("multiaddr " + this + " is not <ip4|ip6|dns|dns4|dns6>/tcp");
        }
        MultiaddrComponent host = components.get(0);
        int port = port();
        if (host.protocol() == MultiaddrProtocol.IP4 || host.protocol() == MultiaddrProtocol.IP6) {
            try {
                return new InetSocketAddress(InetAddress.getByAddress(host.rawValue()), port);
            } catch (UnknownHostException e) {
                throw new IllegalStateException("unreachable: address of fixed length rejected", e);
            }
        }
        return InetSocketAddress.createUnresolved(host.valueText(), port);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Multiaddr other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The text form. */
    @Override
    public String toString() {
        return MultiaddrCodec.toText(components);
    }
}
