package p2p.node.relay;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.multiaddr.MultiaddrProtocol;
import p2p.node.host.PrivateAddressGater;

/**
 * Whether the node reserves relay slots on its bootstrap peers ({@code p2p_relay_reservations}). go-libp2p's
 * autorelay reserves when AutoNAT finds the node unreachable; this node has no AutoNAT, so {@link #AUTO} judges by the
 * addresses: it reserves unless {@code p2p_advertise_addresses} is set (the operator says where we are reachable) or
 * one of the addresses we would advertise is a public IP (a host on a public address is taken as reachable). Behind
 * NAT a host sees only private addresses, so it reserves. {@link #ALWAYS} and {@link #NEVER} override the guess.
 */
public enum ReservationPolicy {
    AUTO, ALWAYS, NEVER;

    /** The policy of a {@code p2p_relay_reservations} value: auto, always or never (any case). */
    public static ReservationPolicy parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("p2p_relay_reservations '" + text + "' is not auto, always or never", e);
        }
    }

    /**
     * @param advertiseConfigured whether {@code p2p_advertise_addresses} is set
     * @param advertised          the direct addresses the host would advertise
     */
    public boolean reserve(boolean advertiseConfigured, List<Multiaddr> advertised) {
        return switch (this) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> !advertiseConfigured && advertised.stream().noneMatch(ReservationPolicy::isPublicIp);
        };
    }

    static boolean isPublicIp(Multiaddr address) {
        if (address.components().isEmpty()) {
            return false;
        }
        var host = address.components().get(0);
        if (host.protocol() != MultiaddrProtocol.IP4 && host.protocol() != MultiaddrProtocol.IP6) {
            return false;
        }
        try {
            InetAddress ip = InetAddress.getByAddress(host.valueBytes());
            return !ip.isAnyLocalAddress() && !PrivateAddressGater.isPrivate(ip);
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
