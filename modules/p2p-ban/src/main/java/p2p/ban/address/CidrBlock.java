package p2p.ban.address;

import p2p.ban.InvalidBanTargetException;
import p2p.common.ip.IpLiteral;

/**
 * An IP network as a ban list key: address family, network bits (host bits cleared) and prefix length.
 *
 * <p>IPv4 is held in the low 32 bits of {@code lo} ({@code hi} is 0); IPv6 in {@code hi}:{@code lo}. An IPv4-mapped
 * IPv6 target ({@code ::ffff:a.b.c.d}, or a prefix of /96 or longer inside {@code ::ffff:0:0/96}) becomes the IPv4
 * block, because peers reached over a dual-stack socket show up with mapped addresses. An IPv6 prefix shorter than
 * /96 covers only IPv6 addresses: mapped addresses are always looked up as IPv4.
 *
 * @param ipv6   true for an IPv6 block
 * @param hi     the upper 64 network bits (IPv6 only)
 * @param lo     the lower 64 network bits, or the 32 IPv4 bits
 * @param prefix the prefix length, 0-32 or 0-128
 */
public record CidrBlock(boolean ipv6, long hi, long lo, int prefix) {

    /** Number of address bits of the block's family (32 or 128). */
    public int addressBits() {
        return ipv6 ? 128 : 32;
    }

    /** True when the block is a single address (/32 or /128). */
    public boolean isSingleAddress() {
        return prefix == addressBits();
    }

    /** The network address as canonical text, without the prefix. */
    public String addressText() {
        return IpLiteral.format(networkBytes());
    }

    /** The ban list key: canonical network address, slash, prefix length ({@code 10.0.0.0/8}, {@code 2001:db8::/32}). */
    public String key() {
        return addressText() + "/" + prefix;
    }

    /**
     * The key the ban list stores and lists, as Teranode's ListBanned shows it: the bare address for a single address
     * ({@code 10.0.0.1}, {@code 2001:db8::1}), the CIDR otherwise ({@code 10.0.0.0/8}).
     */
    public String banKey() {
        return isSingleAddress() ? addressText() : key();
    }

    /** True when {@code address} (4 or 16 bytes; IPv4-mapped IPv6 counts as IPv4) lies inside the block. */
    public boolean contains(byte[] address) {
        byte[] plain = IpLiteral.unmapIpv4(address);
        if ((plain.length == 16) != ipv6) {
            return false;
        }
        return of(plain, prefix).equals(this);
    }

    /** The network address bytes (4 or 16). */
    public byte[] networkBytes() {
        if (!ipv6) {
            return new byte[] {(byte) (lo >>> 24), (byte) (lo >>> 16), (byte) (lo >>> 8), (byte) lo};
        }
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (hi >>> (56 - 8 * i));
            out[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return out;
    }

    /**
     * Parses an IP ({@code 10.0.0.1}, {@code 2001:db8::1}), an IP with a port ({@code 10.0.0.1:8333},
     * {@code [2001:db8::1]:8333}: the port is dropped, as the alert service sends {@code ip:port} and means the IP) or
     * a CIDR ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) ban target; host bits of a CIDR are cleared
     * ({@code 10.1.2.3/8} is {@code 10.0.0.0/8}).
     *
     * @throws InvalidBanTargetException naming the input when it is none of these
     */
    public static CidrBlock parse(String target) {
        if (target == null) {
            throw new InvalidBanTargetException("invalid ban target: null (expected an IP address, ip:port or CIDR)");
        }
        int slash = target.indexOf('/');
        String addressPart = slash < 0 ? target : target.substring(0, slash);
        byte[] address = slash < 0 ? IpLiteral.parseHostPort(addressPart) : IpLiteral.parse(addressPart);
        if (address == null) {
            throw new InvalidBanTargetException("invalid ban target '" + target
                    + "': '" + addressPart + "' is not an IPv4 or IPv6 address (with or without :port)");
        }
        int bits = address.length * 8;
        int prefix = slash < 0 ? bits : parsePrefix(target, target.substring(slash + 1), bits);
        if (IpLiteral.isIpv4Mapped(address) && prefix >= 96) {
            return of(IpLiteral.unmapIpv4(address), prefix - 96);
        }
        return of(address, prefix);
    }

    /** The block of {@code prefix} bits around {@code address} (4 or 16 bytes); host bits are cleared. */
    public static CidrBlock of(byte[] address, int prefix) {
        if (address.length == 4) {
            if (prefix < 0 || prefix > 32) {
                throw new IllegalArgumentException("IPv4 prefix length " + prefix + " is outside 0..32");
            }
            long value = ((address[0] & 0xffL) << 24) | ((address[1] & 0xffL) << 16)
                    | ((address[2] & 0xffL) << 8) | (address[3] & 0xffL);
            return new CidrBlock(false, 0, value & ipv4Mask(prefix), prefix);
        }
        if (address.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + address.length);
        }
        if (prefix < 0 || prefix > 128) {
            throw new IllegalArgumentException("IPv6 prefix length " + prefix + " is outside 0..128");
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (address[i] & 0xffL);
            lo = (lo << 8) | (address[8 + i] & 0xffL);
        }
        return new CidrBlock(true, hi & ipv6HighMask(prefix), lo & ipv6LowMask(prefix), prefix);
    }

    /** Mask of the top {@code prefix} bits of a 32-bit address held in a long. */
    public static long ipv4Mask(int prefix) {
        return prefix == 0 ? 0 : (0xffff_ffffL << (32 - prefix)) & 0xffff_ffffL;
    }

    /** Mask of the network bits within the upper 64 bits of an IPv6 address. */
    public static long ipv6HighMask(int prefix) {
        return prefix <= 0 ? 0 : prefix >= 64 ? -1L : -1L << (64 - prefix);
    }

    /** Mask of the network bits within the lower 64 bits of an IPv6 address. */
    public static long ipv6LowMask(int prefix) {
        return prefix <= 64 ? 0 : prefix >= 128 ? -1L : -1L << (128 - prefix);
    }

    private static int parsePrefix(String target, String text, int bits) {
        boolean digitsOnly = !text.isEmpty() && text.length() <= 3 && text.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!digitsOnly || (text.length() > 1 && text.charAt(0) == '0')) {
            throw new InvalidBanTargetException("invalid ban target '" + target + "': prefix length '" + text
                    + "' is not a decimal number");
        }
        int prefix = Integer.parseInt(text);
        if (prefix > bits) {
            throw new InvalidBanTargetException("invalid ban target '" + target + "': prefix length " + prefix
                    + " is outside 0.." + bits);
        }
        return prefix;
    }
}
