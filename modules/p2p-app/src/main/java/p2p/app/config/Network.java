package p2p.app.config;

import java.util.Locale;

/** The BSV networks Teranode knows, each with the prefix of its gossip topic names (spec section 3). */
public enum Network {
    MAINNET("bitcoin/mainnet"),
    TESTNET("bitcoin/testnet"),
    REGTEST("bitcoin/regtest"),
    STN("bitcoin/stn"),
    TERATESTNET("bitcoin/teratestnet"),
    /** Teranode's scaling test network (go-chaincfg {@code TeraScalingTestNetParams}). */
    TSTN("bitcoin/tstn");

    private final String topicPrefix;

    Network(String topicPrefix) {
        this.topicPrefix = topicPrefix;
    }

    public String topicPrefix() {
        return topicPrefix;
    }

    /** {@code <prefix>-<topic setting>}, e.g. {@code bitcoin/mainnet-block}. */
    public String topicName(String topicSetting) {
        return topicPrefix + "-" + topicSetting;
    }

    static Network parse(String key, String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new p2p.common.config.SettingException(key, text, "is not a network (mainnet, testnet, regtest, stn, teratestnet, tstn)");
        }
    }
}
