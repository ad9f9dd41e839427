package p2p.node.discovery;

import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import p2p.node.crypto.PeerId;
import p2p.node.dht.AddressFilter;
import p2p.node.dht.DhtConfig;
import p2p.node.dht.DhtProtocol;
import p2p.node.dht.Discovery;
import p2p.node.dht.KademliaDht;
import p2p.node.dht.P2PNodeDhtNetwork;
import p2p.node.dht.RoutingDiscovery;
import p2p.node.host.P2PNode;
import p2p.node.multiaddr.Multiaddr;

/**
 * How a July-2025 node finds peers (spec section 2): the Kademlia DHT on {@code <p2p_dht_protocol_id>/kad/1.0.0} (or
 * the public {@code /ipfs/kad/1.0.0} when {@code p2p_dht_use_private} is false), each gossip topic name advertised as
 * a namespace and searched every 5 s, and the static and bootstrap peers kept connected.
 *
 * <p>Teranode dials its bootstrap peers once, so a node they drop can end up alone (spec 14.2 #12; Teranode later added
 * {@code p2p_bootstrap_persistent} for this). Here bootstrap peers are redialled like static peers, by the same loop
 * with the same capped backoff ({@link p2p.node.dht.StaticPeers}): 5 s while one is missing, doubling per failure up to
 * 5 min.
 */
public final class Discovery2025 {
    /**
     * What discovery needs of the settings.
     *
     * @param dhtProtocolPrefix {@code p2p_dht_protocol_id}, e.g. {@code /teranode}
     * @param dhtUsePrivate     {@code p2p_dht_use_private}: the prefixed protocol, else the public IPFS one
     * @param namespaces        the gossip topic names, advertised and searched
     * @param staticPeers       {@code p2p_static_peers}, multiaddrs with {@code /p2p/}
     * @param bootstrapPeers    {@code p2p_bootstrapAddresses}, multiaddrs with {@code /p2p/}
     * @param optimiseRetries   {@code p2p_optimise_retries}
     */
    public record Settings(String dhtProtocolPrefix, boolean dhtUsePrivate, List<String> namespaces,
                           List<Multiaddr> staticPeers, List<Multiaddr> bootstrapPeers, boolean optimiseRetries) {
        public Settings {
            namespaces = List.copyOf(namespaces);
            staticPeers = List.copyOf(staticPeers);
            bootstrapPeers = List.copyOf(bootstrapPeers);
        }
    }

    private Discovery2025() {
    }

    /** Starts the DHT and the discovery loops; the returned handle stops both. */
    public static RunningDiscovery start(Settings settings, P2PNode node, Predicate<PeerId> isBanned) {
        String protocol = DhtProtocol.protocolId(settings.dhtProtocolPrefix(), settings.dhtUsePrivate());
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "dht");
            thread.setDaemon(true);
            return thread;
        });
        P2PNodeDhtNetwork network = new P2PNodeDhtNetwork(node, protocol, AddressFilter.DEFAULT);
        KademliaDht dht = new KademliaDht(network, DhtConfig.defaults(protocol), scheduler, InstantSource.system());
        dht.start();
        Discovery discovery = new Discovery(
                Discovery.Settings.of(settings.namespaces(), List.of(), keptConnected(settings, node.peerId()),
                        settings.optimiseRetries()),
                node.peerId(), Discovery.Finder.of(new RoutingDiscovery(dht)), network.dialer(), node::isConnected,
                isBanned, AddressFilter.DEFAULT, scheduler, InstantSource.system());
        discovery.start();
        return new RunningDiscovery() {
            @Override
            public int routingTableSize() {
                return dht.routingTable().size();
            }

            @Override
            public void close() {
                discovery.close();
                dht.close();
                scheduler.shutdownNow();
            }
        };
    }

    /**
     * The peers the reconnect loop keeps connected: the static peers, then the bootstrap peers, each address once,
     * leaving out any that names this node itself.
     */
    static List<Multiaddr> keptConnected(Settings settings, PeerId self) {
        Set<Multiaddr> peers = new LinkedHashSet<>(settings.staticPeers());
        peers.addAll(settings.bootstrapPeers());
        peers.removeIf(a -> a.peerIdBytes().map(id -> PeerId.fromBytes(id).equals(self)).orElse(false));
        return List.copyOf(peers);
    }
}
