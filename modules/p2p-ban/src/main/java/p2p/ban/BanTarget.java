package p2p.ban;

import java.net.InetAddress;

import p2p.ban.address.CidrBlock;

/**
 * A ban target as the ban list reads it ({@code 10.0.0.1}, {@code 10.0.0.1:8333}, {@code [2001:db8::1]:8333},
 * {@code 10.0.0.0/8}), for callers that judge a ban before asking for it, such as the width rule of the gRPC BanPeer.
 *
 * @param key    the canonical key the ban list would store ({@code 10.0.0.1}, {@code 10.0.0.0/8})
 * @param ipv6   true for an IPv6 network
 * @param prefix the prefix length (32 or 128 for one address)
 */
public record BanTarget(String key, boolean ipv6, int prefix) {

    /**
     * Parses a target exactly as {@link BanList#add} does.
     *
     * @throws InvalidBanTargetException naming the input when it is not an IP, {@code ip:port} or CIDR
     */
    public static BanTarget parse(String target) {
        CidrBlock block = CidrBlock.parse(target);
        return new BanTarget(block.banKey(), block.ipv6(), block.prefix());
    }

    /** True when {@code address} lies inside the target's network (IPv4-mapped IPv6 counts as IPv4). */
    public boolean covers(InetAddress address) {
        return CidrBlock.parse(key).contains(address.getAddress());
    }
}
