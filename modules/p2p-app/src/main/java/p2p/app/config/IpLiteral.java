package p2p.app.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Checks that a setting holds an IP literal (never a name to resolve: a listen address must not need DNS). */
final class IpLiteral {
    private IpLiteral() {
    }

    static InetAddress require(String key, String text) {
        String value = text.trim();
        // Only literals reach InetAddress, so it never resolves a name.
        boolean looksLikeIp = isIpv4(value) || value.contains(":");
        if (looksLikeIp) {
            try {
                return InetAddress.getByName(value);
            } catch (UnknownHostException e) {
                // reported below
            }
        }
        throw SettingsException.invalid(key, text, "is not an IPv4 or IPv6 address");
    }

    private static boolean isIpv4(String value) {
        String[] parts = value.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (!part.matches("\\d{1,3}") || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
