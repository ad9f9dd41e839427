package p2p.app.config;

/** A setting is missing or malformed; the message names the key and the value, in one line for the operator. */
public final class SettingsException extends RuntimeException {
    public SettingsException(String message) {
        super(message);
    }

    static SettingsException invalid(String key, String value, String why) {
        return new SettingsException("setting " + key + ": '" + value + "' " + why);
    }

    static SettingsException missing(String key) {
        return new SettingsException("setting " + key + " is required but has no value");
    }
}
