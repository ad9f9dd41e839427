package p2p.server;

import p2p.server.gen2026.message.NodeStatusMessage;

/**
 * Where the 2026 server sends node_status messages for operators (the WebSocket's {@code node_status} type, spec
 * teranode-2026 1.8): every received one, this node's own ones, and on request this node's latest, which a new
 * WebSocket client gets first. Called from the pubsub loop and the publisher's thread: must not block.
 */
@FunctionalInterface
public interface NodeStatusSink {
    NodeStatusSink NONE = status -> { };

    void nodeStatus(NodeStatusMessage status);
}
