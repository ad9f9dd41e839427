package p2p.common.config;

/**
 * A listen or advertise address as Teranode writes it: {@code host:port}, {@code :port} (all interfaces),
 * {@code [v6]:port}, or {@code host} alone when a default port applies. Port 0 asks for any free port.
 */
public record HostPort(String host, int port) {

    /**
     * Parses {@code text} of setting {@code key}.
     *
     * @param defaultHost the host of {@code :port}; null when a host is required
     * @param defaultPort the port of a bare host; below 0 when a port is required
     * @throws SettingException naming the key and value
     */
    public static HostPort parse(String key, String text, String defaultHost, int defaultPort) {
        String value = text.trim();
        String host;
        String port;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                throw new SettingException(key, text, "has an unclosed '[' in its IPv6 address");
            }
            host = value.substring(1, close);
            String rest = value.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new SettingException(key, text, "must be [ipv6]:port");
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
            throw new SettingException(key, text, "has no host");
        }
        int portNumber;
        if (port == null) {
            if (defaultPort < 0) {
                throw new SettingException(key, text, "has no port (expected host:port)");
            }
            portNumber = defaultPort;
        } else {
            portNumber = port(key, port, text);
        }
        return new HostPort(host, portNumber);
    }

    /** A port number, 0 (any free port) to 65535; {@code whole} is the setting's whole value, for the message. */
    public static int port(String key, String port, String whole) {
        try {
            int value = Integer.parseInt(port.trim());
            if (value >= 0 && value <= 65535) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the key
        }
        throw new SettingException(key, whole, "is not a port number (0-65535)");
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
