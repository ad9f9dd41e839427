package p2p.web.grpc;

import java.net.InetAddress;
import java.util.List;

import p2p.ban.BanTarget;

/**
 * Refuses BanPeer requests that would lock out far more than a misbehaving peer, unless the caller says it means
 * it with {@code x-ban-force: true} ({@link AdminRpcs#BAN_FORCE_HEADER}). Teranode accepts {@code 0.0.0.0/0}, which
 * bans every peer; here a ban is refused when it is wider than {@value #WIDEST_IPV4} bits for IPv4 or
 * {@value #WIDEST_IPV6} bits for IPv6, or when it covers one of the node's own addresses (banning itself would
 * drop every peer that reaches it through that address, and a local Teranode's services with it).
 */
public final class BanWidthRule {
    /** The shortest IPv4 prefix accepted without force: /8. */
    public static final int WIDEST_IPV4 = 8;
    /** The shortest IPv6 prefix accepted without force: /32. */
    public static final int WIDEST_IPV6 = 32;

    private BanWidthRule() {
    }

    /**
     * Checks a ban target against the rule.
     *
     * @param target    the parsed target
     * @param own       the node's own addresses
     * @param forced    whether the request carried {@code x-ban-force: true}
     * @throws IllegalArgumentException naming the limit (or the own address) and the header that overrides it
     */
    public static void check(BanTarget target, List<InetAddress> own, boolean forced) {
        if (forced) {
            return;
        }
        int widest = target.ipv6() ? WIDEST_IPV6 : WIDEST_IPV4;
        if (target.prefix() < widest) {
            throw new IllegalArgumentException("ban of " + target.key() + " is wider than the /" + widest + " limit for "
                    + (target.ipv6() ? "IPv6" : "IPv4") + "; send the header x-ban-force: true if it is meant");
        }
        for (InetAddress address : own) {
            if (target.covers(address)) {
                throw new IllegalArgumentException("ban of " + target.key() + " covers this node's own address "
                        + address.getHostAddress() + "; send the header x-ban-force: true if it is meant");
            }
        }
    }
}
