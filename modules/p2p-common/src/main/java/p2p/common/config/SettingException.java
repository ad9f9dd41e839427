package p2p.common.config;

/**
 * A setting that is missing or whose value cannot be used. The message names the key and the value in the one line
 * every module's settings errors share, {@code setting KEY: 'VALUE' WHY} or {@code setting KEY is required but has
 * no value}, so the application can print any module's error to the operator as it is.
 */
public class SettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String value;

    /**
     * @param key     the setting key, e.g. {@code p2p_ban_threshold}
     * @param value   the value as configured (null when missing)
     * @param problem what is wrong with it, e.g. {@code is not a whole number from 1 to 2147483647}
     */
    public SettingException(String key, String value, String problem) {
        super("setting " + key + ": '" + (value == null ? "" : value) + "' " + problem);
        this.key = key;
        this.value = value;
    }

    /** A setting with no value: {@code message} says when it is required. */
    private SettingException(String message, String key) {
        super(message);
        this.key = key;
        this.value = null;
    }

    /** A required setting with no value. */
    public static SettingException missing(String key) {
        return new SettingException("setting " + key + " is required but has no value", key);
    }

    /** A setting required only in some configuration, {@code when} naming it. */
    public static SettingException missingWhen(String key, String when) {
        return new SettingException("setting " + key + " is required when " + when + " but has no value", key);
    }

    /** The setting key at fault. */
    public String key() {
        return key;
    }

    /** The value at fault as configured, null when it was missing. */
    public String value() {
        return value;
    }
}
