package p2p.chain;

import p2p.chain.pb.ModelProto;
import p2p.chain.pb.Notification;

/** blockchain_api.Notification -> {@link ChainNotification}; an empty or odd-sized hash maps to null. */
final class NotificationMapper {
    private NotificationMapper() {
    }

    static ChainNotification fromProto(Notification n) {
        byte[] hash = n.getHash().toByteArray();
        return new ChainNotification(type(n.getType()), hash.length == BlockHash.SIZE ? BlockHash.fromBytes(hash) : null,
                n.getBaseURL(), n.getMetadata().getMetadataMap());
    }

    private static ChainNotification.Type type(ModelProto.NotificationType type) {
        return switch (type) {
            case PING -> ChainNotification.Type.PING;
            case Subtree -> ChainNotification.Type.SUBTREE;
            case Block -> ChainNotification.Type.BLOCK;
            case MiningOn -> ChainNotification.Type.MINING_ON;
            case FSMState -> ChainNotification.Type.FSM_STATE;
            case BlockSubtreesSet -> ChainNotification.Type.BLOCK_SUBTREES_SET;
            case UNRECOGNIZED -> ChainNotification.Type.UNKNOWN;
        };
    }
}
