package p2p.node.discovery;

/**
 * A started generation's discovery (DHT, bootstrap and static peers, its extra protocols): closing it stops them. It
 * also says how big the Kademlia routing table is, for {@code /metrics} and the dashboard.
 */
public interface RunningDiscovery extends AutoCloseable {
    /** Peers in the DHT's routing table now; -1 when this generation runs no DHT ({@code p2p_dht_mode: off}). */
    int routingTableSize();

    /** Discovery without a DHT, stopped by {@code stop}. */
    static RunningDiscovery withoutDht(AutoCloseable stop) {
        return new RunningDiscovery() {
            @Override
            public int routingTableSize() {
                return -1;
            }

            @Override
            public void close() throws Exception {
                stop.close();
            }
        };
    }
}
