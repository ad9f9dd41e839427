package p2p.node.multiaddr;

/**
 * Strict text forms of IP addresses, written here rather than through {@link java.net.InetAddress} because the JDK
 * accepts forms multiaddrs must reject (brackets, scope ids, {@code 1.2.3} shorthands) and prints IPv6 uncompressed.
 * Formatting follows RFC 5952 (lower case, longest zero run as {@code ::}), as go-multiaddr does.
 */
final class IpText {
    private IpText() {
    }

    /** Parses dotted-quad IPv4 ({@code 192.0.2.1}); returns null when {@code text} is not one. */
    static byte[] parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            int value = parseDecimalOctet(parts[i]);
            if (value < 0) {
                return null;
            }
            out[i] = (byte) value;
        }
        return out;
    }

    private static int parseDecimalOctet(String part) {
        // No leading zeros: "010" is octal in some parsers and decimal in others, so it is refused (as Go does).
        if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 255 ? value : -1;
    }

    /** Parses IPv6 text, including {@code ::} compression and a trailing dotted IPv4; returns null on any error. */
    static byte[] parseIpv6(String text) {
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
        String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
        int[] headGroups = parseGroups(head, doubleColon < 0);
        int[] tailGroups = doubleColon >= 0 ? parseGroups(tail, true) : new int[0];
        if (headGroups == null || tailGroups == null) {
            return null;
        }
        int total = headGroups.length + tailGroups.length;
        if (doubleColon >= 0 ? total > 7 : total != 8) {
            return null;
        }
        int[] groups = new int[8];
        System.arraycopy(headGroups, 0, groups, 0, headGroups.length);
        System.arraycopy(tailGroups, 0, groups, 8 - tailGroups.length, tailGroups.length);
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[2 * i] = (byte) (groups[i] >>> 8);
            out[2 * i + 1] = (byte) groups[i];
        }
        return out;
    }

    /** Colon-separated 16-bit hex groups; the last one may be a dotted IPv4 (two groups) when allowed. */
    private static int[] parseGroups(String text, boolean ipv4TailAllowed) {
        if (text.isEmpty()) {
            return new int[0];
        }
        String[] parts = text.split(":", -1);
        int[] groups = new int[parts.length + 1];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == parts.length - 1 && ipv4TailAllowed && part.indexOf('.') >= 0) {
                byte[] v4 = parseIpv4(part);
                if (v4 == null) {
                    return null;
                }
                groups[n++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                groups[n++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                continue;
            }
            if (part.isEmpty() || part.length() > 4) {
                return null;
            }
            int value = 0;
            for (int k = 0; k < part.length(); k++) {
                int digit = Character.digit(part.charAt(k), 16);
                if (digit < 0) {
                    return null;
                }
                value = (value << 4) | digit;
            }
            groups[n++] = value;
        }
        int[] out = new int[n];
        System.arraycopy(groups, 0, out, 0, n);
        return out;
    }

    static String formatIpv4(byte[] address) {
        return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
    }

    /** RFC 5952 text; IPv4-mapped addresses ({@code ::ffff:a.b.c.d}) keep their dotted tail. */
    static String formatIpv6(byte[] address) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        boolean mapped = groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0
                && groups[5] == 0xffff;
        if (mapped) {
            return "::ffff:" + formatIpv4(new byte[] {address[12], address[13], address[14], address[15]});
        }
        // Longest run of at least two zero groups; the first one wins a tie.
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }
}
