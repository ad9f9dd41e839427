package p2p.chain;

import java.util.Map;

/** One notification of the blockchain service's Subscribe stream (spec section 8). */
public record ChainNotification(Type type, BlockHash hash, String baseUrl, Map<String, String> metadata) {

    /** model.NotificationType, in wire order. */
    public enum Type {
        PING, SUBTREE, BLOCK, MINING_ON, FSM_STATE, BLOCK_SUBTREES_SET, UNKNOWN
    }

    public ChainNotification {
        metadata = Map.copyOf(metadata);
        baseUrl = baseUrl == null ? "" : baseUrl;
    }
}
