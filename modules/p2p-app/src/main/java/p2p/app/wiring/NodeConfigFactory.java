package p2p.app.wiring;

import p2p.app.config.Settings;
import p2p.common.config.HostPort;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.NodeKeyStore;
import p2p.node.host.NodeConfig;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.host.ConnectionGater;
import p2p.node.host.ConnectionLimits;

/** Turns the node settings of spec section 2 into the libp2p host's configuration. */
public final class NodeConfigFactory {
    /** What the node tells peers in identify. */
    public static final String AGENT_VERSION = "p2p-java/0.1.0";

    private NodeConfigFactory() {
    }

    /**
     * Identity from {@code p2p_private_key} or the data directory's key file; listen on
     * {@code /ip4|ip6/<each p2p_listen_addresses>/tcp/<p2p_port>}; advertise {@code p2p_advertise_addresses} when
     * set; the private network key {@code p2p_shared_key}; connections gated by {@code gater}.
     */
    public static NodeConfig create(Settings settings, ConnectionGater gater) {
        return create(settings, gater, NodeKeyStore.loadOrCreate(settings.privateKeyHex(), settings.dataDir()));
    }

    /** As {@link #create(Settings, ConnectionGater)} with the identity already chosen ({@link NodeIdentity}). */
    public static NodeConfig create(Settings settings, ConnectionGater gater, Ed25519PrivKey identity) {
        NodeConfig.Builder builder = NodeConfig.builder(identity)
                .privateNetworkKey(settings.sharedKeyHex())
                .gater(gater)
                .limits(new ConnectionLimits(settings.connections().max(), settings.connections().maxPerIp(),
                        ConnectionLimits.DEFAULT.handshakeTimeout()))
                .agentVersion(AGENT_VERSION);
        for (String address : settings.listenAddresses()) {
            builder.listen(Multiaddr.tcp(address, settings.port()));
        }
        for (HostPort advertised : settings.advertiseAddresses()) {
            builder.advertise(Multiaddr.tcp(advertised.host(), advertised.port()));
        }
        return builder.build();
    }
}
