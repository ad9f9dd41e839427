package p2p.common.ip;

import java.util.Arrays;

/**
 * IP address literals as text: strict parsing and canonical formatting, never resolving names.
 *
 * <p>{@code InetAddress.getByName} would send a host name to DNS and accepts forms that ban targets and multiaddrs
 * must refuse (brackets, scope ids, {@code 1.2.3} shorthands), so both parse here instead. IPv4 is the dotted quad
 * without leading zeros ({@code 010} is octal to some parsers and decimal to others; Go's {@code net.ParseIP} refuses
 * it since 1.17). IPv6 is RFC 4291 section 2.2 text: groups of 1-4 ASCII hex digits in either case, at most one
 * {@code ::}, optionally a dotted quad as the last 32 bits; zone ids ({@code %eth0}) are refused (multiaddrs carry
 * them in {@code /ip6zone}). Formatting follows RFC 5952: lower case, the longest run of two or more zero groups
 * compressed, the first one on a tie.
 */
public final class IpLiteral {

    private IpLiteral() {
    }

    /** The 4 or 16 bytes of an IPv4 or IPv6 literal, or null when {@code text} is not one. */
    public static byte[] parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        return text.indexOf(':') >= 0 ? parseIpv6(text, 0, text.length()) : parseIpv4(text, 0, text.length());
    }

    /** The 4 bytes of a dotted-quad IPv4 literal ({@code 192.0.2.1}), or null when {@code text} is not one. */
    public static byte[] parseIpv4(String text) {
        return text == null ? null : parseIpv4(text, 0, text.length());
    }

    /** The 16 bytes of an IPv6 literal ({@code 2001:db8::1}, {@code ::ffff:192.0.2.1}), or null when not one. */
    public static byte[] parseIpv6(String text) {
        return text == null ? null : parseIpv6(text, 0, text.length());
    }

    /**
     * The address of {@code ip}, {@code ip:port}, {@code [ip6]} or {@code [ip6]:port}, or null when the text is none
     * of these (a port must be decimal 0-65535). A bare IPv6 literal has several colons, so one colon means IPv4:port.
     */
    public static byte[] parseHostPort(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.charAt(0) == '[') {
            int close = text.indexOf(']');
            if (close < 0) {
                return null;
            }
            boolean portOk = close == text.length() - 1
                    || (text.charAt(close + 1) == ':' && isPort(text, close + 2, text.length()));
            return portOk ? parseIpv6(text, 1, close) : null;
        }
        int colon = text.indexOf(':');
        if (colon >= 0 && text.indexOf(':', colon + 1) < 0) {
            return isPort(text, colon + 1, text.length()) ? parseIpv4(text, 0, colon) : null;
        }
        return parse(text);
    }

    /** True for the 16 bytes of an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}, RFC 4291 section 2.5.5.2). */
    public static boolean isIpv4Mapped(byte[] address) {
        if (address.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
    }

    /** The IPv4 address inside an IPv4-mapped IPv6 address; other addresses are returned as they are. */
    public static byte[] unmapIpv4(byte[] address) {
        if (!isIpv4Mapped(address)) {
            return address;
        }
        return new byte[] {address[12], address[13], address[14], address[15]};
    }

    /**
     * Canonical text with every IPv6 group in hex: dotted quad for 4 bytes, RFC 5952 for 16 bytes, so one address has
     * one text key ({@code ::ffff:1.2.3.4} becomes {@code ::ffff:102:304}).
     */
    public static String format(byte[] address) {
        if (address.length == 4) {
            return formatIpv4(address);
        }
        checkIpv6Length(address);
        return formatIpv6Groups(address);
    }

    /**
     * As {@link #format}, except that an IPv4-mapped IPv6 address keeps its dotted tail ({@code ::ffff:192.0.2.1}),
     * the mixed notation RFC 5952 section 5 recommends and go-multiaddr prints.
     */
    public static String formatMixed(byte[] address) {
        if (address.length == 4) {
            return formatIpv4(address);
        }
        checkIpv6Length(address);
        if (isIpv4Mapped(address)) {
            return "::ffff:" + formatIpv4(unmapIpv4(address));
        }
        return formatIpv6Groups(address);
    }

    private static void checkIpv6Length(byte[] address) {
        if (address.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + address.length);
        }
    }

    private static String formatIpv4(byte[] address) {
        return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
    }

    private static String formatIpv6Groups(byte[] address) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        // RFC 5952 4.2: compress the longest run of two or more zero groups, the first one on a tie.
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    private static boolean isPort(String text, int from, int to) {
        int length = to - from;
        if (length < 1 || length > 5) {
            return false;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 65535;
    }

    /** Dotted quad in {@code text[from, to)}; four decimal parts 0-255 without leading zeros. */
    private static byte[] parseIpv4(String text, int from, int to) {
        byte[] out = new byte[4];
        int part = 0;
        int i = from;
        while (part < 4) {
            int start = i;
            int value = 0;
            while (i < to && i - start < 4) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                value = value * 10 + (c - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return null;
            }
            out[part++] = (byte) value;
            if (part < 4) {
                if (i >= to || text.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
        }
        return i == to ? out : null;
    }

    /**
     * IPv6 text in {@code text[from, to)}, in one pass without intermediate strings (ban lookups parse peer addresses
     * on every message): colon-separated groups of 1-4 hex digits, at most one {@code ::}, optionally a dotted quad
     * as the last 32 bits.
     */
    private static byte[] parseIpv6(String text, int from, int to) {
        byte[] out = new byte[16];
        int count = 0;
        int compressAt = -1;
        int i = from;
        if (to - from >= 2 && text.charAt(i) == ':' && text.charAt(i + 1) == ':') {
            compressAt = 0;
            i += 2;
            if (i == to) {
                return out;
            }
        }
        while (true) {
            if (count == 8) {
                return null;
            }
            int start = i;
            int value = 0;
            while (i < to && i - start < 5) {
                int digit = hexDigit(text.charAt(i));
                if (digit < 0) {
                    break;
                }
                value = (value << 4) | digit;
                i++;
            }
            if (i < to && text.charAt(i) == '.') {
                byte[] ipv4 = count <= 6 ? parseIpv4(text, start, to) : null;
                if (ipv4 == null) {
                    return null;
                }
                System.arraycopy(ipv4, 0, out, 2 * count, 4);
                count += 2;
                break;
            }
            int digits = i - start;
            if (digits == 0 || digits > 4) {
                return null;
            }
            out[2 * count] = (byte) (value >>> 8);
            out[2 * count + 1] = (byte) value;
            count++;
            if (i == to) {
                break;
            }
            if (text.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < to && text.charAt(i) == ':') {
                if (compressAt >= 0) {
                    return null;
                }
                compressAt = count;
                i++;
                if (i == to) {
                    break;
                }
            } else if (i == to) {
                return null;
            }
        }
        if (compressAt < 0) {
            return count == 8 ? out : null;
        }
        if (count > 7) {
            return null;
        }
        // Move the groups after '::' to the end and zero the gap they leave.
        int tailBytes = 2 * (count - compressAt);
        System.arraycopy(out, 2 * compressAt, out, 16 - tailBytes, tailBytes);
        Arrays.fill(out, 2 * compressAt, 16 - tailBytes, (byte) 0);
        return out;
    }

    /** ASCII only: {@code Character.digit} would also take other scripts' digits ({@code \uff11} is fullwidth 1). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
