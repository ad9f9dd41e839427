package p2p.app.config;

/**
 * Settings cannot be loaded: a file is missing or malformed, or a setting is missing or malformed. The message names
 * the file, or the key and the value (a module's {@link p2p.common.config.SettingException} as it is, with a Teranode
 * settings file's file and line added), in one line for the operator; {@code Main} exits with code 2.
 */
public final class SettingsException extends RuntimeException {
    public SettingsException(String message) {
        super(message);
    }
}
