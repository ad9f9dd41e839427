package p2p.node.pubsub;

import java.util.List;

/** The multistream protocol ids pubsub streams are negotiated with, most preferred first. */
public final class PubsubProtocols {
    /** Gossipsub v1.2 (gossipsub-v1.2.md): v1.1 plus IDONTWANT, which saves duplicate copies of large messages. */
    public static final String MESHSUB_V12 = "/meshsub/1.2.0";
    /** Gossipsub v1.1 (gossipsub-v1.1.md): PRUNE backoff and peer exchange. */
    public static final String MESHSUB_V11 = "/meshsub/1.1.0";
    /** Gossipsub v1.0 (gossipsub-v1.0.md). */
    public static final String MESHSUB_V10 = "/meshsub/1.0.0";
    /** Floodsub: no mesh, no control messages; every message goes to every subscribed peer. */
    public static final String FLOODSUB = "/floodsub/1.0.0";
    /** What this router offers and accepts, in preference order. */
    public static final List<String> ALL = List.of(MESHSUB_V12, MESHSUB_V11, MESHSUB_V10, FLOODSUB);

    private PubsubProtocols() {
    }

    /** Whether peers speaking {@code protocolId} take part in meshes and control messages. */
    public static boolean isGossip(String protocolId) {
        return MESHSUB_V12.equals(protocolId) || MESHSUB_V11.equals(protocolId) || MESHSUB_V10.equals(protocolId);
    }

    /** Whether {@code protocolId} understands PRUNE backoff (v1.1 and later). */
    static boolean supportsBackoff(String protocolId) {
        return MESHSUB_V12.equals(protocolId) || MESHSUB_V11.equals(protocolId);
    }

    /** Whether {@code protocolId} understands IDONTWANT (v1.2). */
    static boolean supportsIdontwant(String protocolId) {
        return MESHSUB_V12.equals(protocolId);
    }
}
