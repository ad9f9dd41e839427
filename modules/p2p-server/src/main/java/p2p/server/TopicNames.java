package p2p.server;

import java.util.List;
import java.util.Objects;

/**
 * The five gossip topic names (spec section 3): {@code <network prefix>-<setting>}, e.g. {@code bitcoin/mainnet-block}.
 *
 * @param block      {@code p2p_block_topic}
 * @param subtree    {@code p2p_subtree_topic}
 * @param miningOn   {@code p2p_mining_on_topic}
 * @param rejectedTx {@code p2p_rejected_tx_topic}
 * @param handshake  {@code p2p_handshake_topic}
 */
public record TopicNames(String block, String subtree, String miningOn, String rejectedTx, String handshake) {

    public TopicNames {
        require("p2p_block_topic", block);
        require("p2p_subtree_topic", subtree);
        require("p2p_mining_on_topic", miningOn);
        require("p2p_rejected_tx_topic", rejectedTx);
        require("p2p_handshake_topic", handshake);
        if (List.of(block, subtree, miningOn, rejectedTx, handshake).stream().distinct().count() != 5) {
            throw new IllegalArgumentException("the five p2p topic names must differ, got " + List.of(block, subtree,
                    miningOn, rejectedTx, handshake));
        }
    }

    /** Full names from the network's topic prefix (e.g. {@code bitcoin/mainnet}) and the five topic settings. */
    public static TopicNames of(String prefix, String block, String subtree, String miningOn, String rejectedTx,
                                String handshake) {
        require("network topic prefix", prefix);
        return new TopicNames(prefix + "-" + block, prefix + "-" + subtree, prefix + "-" + miningOn,
                prefix + "-" + rejectedTx, prefix + "-" + handshake);
    }

    /** Every topic, block first. */
    public List<String> all() {
        return List.of(block, subtree, miningOn, rejectedTx, handshake);
    }

    private static void require(String setting, String value) {
        Objects.requireNonNull(value, setting);
        if (value.isBlank()) {
            throw new IllegalArgumentException(setting + " must not be empty");
        }
    }
}
