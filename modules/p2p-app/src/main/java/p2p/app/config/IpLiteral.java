package p2p.app.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Checks that a setting holds an IP literal (never a name to resolve: a listen address must not need DNS). The text
 * is parsed by {@link p2p.common.ip.IpLiteral} (dotted quad, RFC 4291 text), so no value reaches the system resolver:
 * {@code InetAddress.getByName} sent any text with a colon that is not an IPv6 literal ({@code localhost:1}) to
 * the resolver.
 */
final class IpLiteral {
    private IpLiteral() {
    }

    static InetAddress require(String key, String text) {
        byte[] address = p2p.common.ip.IpLiteral.parse(text.trim());
        if (address != null) {
            try {
                return InetAddress.getByAddress(address);
            } catch (UnknownHostException e) {
                throw new IllegalStateException("4 or 16 bytes are always an address", e);
            }
        }
        throw SettingsException.invalid(key, text, "is not an IPv4 or IPv6 address");
    }
}
