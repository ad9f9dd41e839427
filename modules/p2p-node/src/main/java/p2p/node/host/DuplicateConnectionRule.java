package p2p.node.host;

import p2p.node.crypto.PeerId;

/**
 * Which connection to keep when a second one to the same peer appears. Both ends apply the same rule and reach the
 * same answer without talking: keep the connection dialled by the peer with the smaller id; between two connections
 * dialled by the same side, keep the older one.
 */
final class DuplicateConnectionRule {
    private DuplicateConnectionRule() {
    }

    /** Whether the new connection replaces the existing one. */
    static boolean keepNew(Direction existing, Direction added, PeerId local, PeerId remote) {
        if (existing == added) {
            return false;
        }
        boolean localDialsTheKeeper = local.compareTo(remote) < 0;
        Direction keeperDirection = localDialsTheKeeper ? Direction.OUTBOUND : Direction.INBOUND;
        return added == keeperDirection;
    }
}
