package p2p.app.config;

/** Port numbers of settings: 0 (any free port, for tests) to 65535. */
final class Ports {
    private Ports() {
    }

    static int parse(String key, String port, String whole) {
        try {
            int value = Integer.parseInt(port.trim());
            if (value >= 0 && value <= 65535) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the key
        }
        throw SettingsException.invalid(key, whole, "is not a port number (0-65535)");
    }
}
