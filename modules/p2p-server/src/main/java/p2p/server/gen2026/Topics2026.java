package p2p.server.gen2026;

import java.util.List;
import java.util.Objects;

/**
 * The four 2026 gossip topics (spec teranode-2026 1.4): {@code <prefix>-<setting>} with the prefix
 * {@code teranode/bitcoin/1.0.0/<network>} (go-chaincfg's {@code TopicPrefix}), e.g.
 * {@code teranode/bitcoin/1.0.0/mainnet-node_status}. The 2025 handshake and mining-on topics are gone.
 *
 * @param block      {@code p2p_block_topic} ({@code block})
 * @param subtree    {@code p2p_subtree_topic} ({@code subtree})
 * @param nodeStatus {@code p2p_node_status_topic} ({@code node_status} when unset, as Teranode's code default)
 * @param rejectedTx {@code p2p_rejected_tx_topic} ({@code rejected_tx})
 */
public record Topics2026(String block, String subtree, String nodeStatus, String rejectedTx) {
    /** go-chaincfg's topic prefix before the network name. */
    public static final String PREFIX_ROOT = "teranode/bitcoin/1.0.0/";

    public Topics2026 {
        require("p2p_block_topic", block);
        require("p2p_subtree_topic", subtree);
        require("p2p_node_status_topic", nodeStatus);
        require("p2p_rejected_tx_topic", rejectedTx);
        if (List.of(block, subtree, nodeStatus, rejectedTx).stream().distinct().count() != 4) {
            throw new IllegalArgumentException("the four p2p topic names must differ, got "
                    + List.of(block, subtree, nodeStatus, rejectedTx));
        }
    }

    /** Full names for {@code network} (e.g. {@code mainnet}, {@code teratestnet}) and the four topic settings. */
    public static Topics2026 of(String network, String block, String subtree, String nodeStatus, String rejectedTx) {
        require("network", network);
        String prefix = PREFIX_ROOT + network + "-";
        return new Topics2026(prefix + block, prefix + subtree, prefix + nodeStatus, prefix + rejectedTx);
    }

    /** Teranode's settings.conf defaults for {@code network}. */
    public static Topics2026 defaults(String network) {
        return of(network, "block", "subtree", "node_status", "rejected_tx");
    }

    /** Every topic, block first. */
    public List<String> all() {
        return List.of(block, subtree, nodeStatus, rejectedTx);
    }

    private static void require(String setting, String value) {
        Objects.requireNonNull(value, setting);
        if (value.isBlank()) {
            throw new IllegalArgumentException(setting + " must not be empty");
        }
    }
}
