package p2p.app.config;

/**
 * A listen or advertise address as Teranode writes it: {@code host:port}, {@code :port} (all interfaces),
 * {@code [v6]:port}, or {@code host} alone when a default port applies.
 */
public record HostPort(String host, int port) {

    /** Parses {@code text}; {@code defaultPort} < 0 means the port is required. */
    static HostPort parse(String key, String text, String defaultHost, int defaultPort) {
        String value = text.trim();
        String host;
        String port;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                throw SettingsException.invalid(key, text, "has an unclosed '[' in its IPv6 address");
            }
            host = value.substring(1, close);
            String rest = value.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw SettingsException.invalid(key, text, "must be [ipv6]:port");
            }
            port = rest.isEmpty() ? null : rest.substring(1);
        } else {
            int colon = value.lastIndexOf(':');
            if (colon >= 0 && value.indexOf(':') != colon) {
                // A bare IPv6 literal: no port.
                host = value;
                port = null;
            } else if (colon >= 0) {
                host = value.substring(0, colon);
                port = value.substring(colon + 1);
            } else {
                host = value;
                port = null;
            }
        }
        if (host.isEmpty()) {
            host = defaultHost;
        }
        if (host == null || host.isEmpty()) {
            throw SettingsException.invalid(key, text, "has no host");
        }
        int portNumber;
        if (port == null) {
            if (defaultPort < 0) {
                throw SettingsException.invalid(key, text, "has no port (expected host:port)");
            }
            portNumber = defaultPort;
        } else {
            portNumber = Ports.parse(key, port, text);
        }
        return new HostPort(host, portNumber);
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
