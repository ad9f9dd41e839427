package p2p.node.host;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import p2p.node.crypto.PeerId;

/**
 * Teranode 2026's connection gater (spec teranode-2026.md 1.1, go-p2p-message-bus): refuses to dial or accept
 * 10/8, 172.16/12, 192.168/16, 127/8, 169.254/16, 100.64/10, fc00::/7, fe80::/10 and ::1 (IPv4 also when written as
 * an IPv4-mapped IPv6 address), so a public node neither scans nor is reached through private networks. Off when
 * {@code p2p_allow_private_ips} is true; then only {@code next} decides. Public addresses always go on to
 * {@code next} (the ban list).
 */
public final class PrivateAddressGater implements ConnectionGater {
    private static final List<Cidr> PRIVATE = List.of(
            Cidr.parse("10.0.0.0/8"), Cidr.parse("172.16.0.0/12"), Cidr.parse("192.168.0.0/16"),
            Cidr.parse("127.0.0.0/8"), Cidr.parse("169.254.0.0/16"), Cidr.parse("100.64.0.0/10"),
            Cidr.parse("fc00::/7"), Cidr.parse("fe80::/10"), Cidr.parse("::1/128"));

    private final boolean allowPrivate;
    private final ConnectionGater next;

    /**
     * @param allowPrivate {@code p2p_allow_private_ips}
     * @param next         asked for every address this gater lets through, and for every peer
     */
    public PrivateAddressGater(boolean allowPrivate, ConnectionGater next) {
        this.allowPrivate = allowPrivate;
        this.next = next;
    }

    /** Whether {@code ip} is in one of the ranges this gater refuses. */
    public static boolean isPrivate(InetAddress ip) {
        InetAddress plain = unmapped(ip);
        for (Cidr range : PRIVATE) {
            if (range.contains(plain)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean allowInbound(InetSocketAddress remote) {
        return allowed(remote) && next.allowInbound(remote);
    }

    @Override
    public boolean allowOutbound(InetSocketAddress remote) {
        return allowed(remote) && next.allowOutbound(remote);
    }

    @Override
    public boolean allowPeer(PeerId peer, InetSocketAddress remote) {
        return allowed(remote) && next.allowPeer(peer, remote);
    }

    private boolean allowed(InetSocketAddress remote) {
        // An unresolved name has no IP to judge yet; allowPeer sees the resolved remote once the handshake is done.
        return allowPrivate || remote.getAddress() == null || !isPrivate(remote.getAddress());
    }

    /** {@code ::ffff:a.b.c.d} as the IPv4 address it carries; anything else as is. */
    private static InetAddress unmapped(InetAddress ip) {
        if (ip instanceof Inet6Address) {
            byte[] b = ip.getAddress();
            boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = b[i] == 0;
            }
            if (mapped) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (java.net.UnknownHostException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
        }
        return ip;
    }

    /** One address range. */
    private record Cidr(byte[] network, int bits, boolean v4) {
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            try {
                InetAddress ip = InetAddress.getByName(text.substring(0, slash));
                return new Cidr(ip.getAddress(), Integer.parseInt(text.substring(slash + 1)), ip instanceof Inet4Address);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException(text, e);
            }
        }

        boolean contains(InetAddress ip) {
            if ((ip instanceof Inet4Address) != v4) {
                return false;
            }
            byte[] a = ip.getAddress();
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((a[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
