package p2p.node.dht;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;

/**
 * What the DHT needs from the host: send one request to a peer and read its answer, serve the requests peers send,
 * and hear about connected peers that speak the DHT protocol. {@link KademliaDht} talks only to this, so lookups can
 * be tested over an in-memory network and run over libp2p streams ({@link DhtStreams}) in production.
 */
public interface DhtNetwork {
    /** Our own peer id. */
    PeerId localPeer();

    /** The addresses we advertise in provider records. */
    List<Multiaddr> localAddresses();

    /**
     * Sends {@code request} to {@code peer}, connecting first through {@code addresses} when not connected, and
     * completes with the peer's response; for types without one ({@link DhtProtocol#expectsResponse}) it completes
     * with null once the request is written. Fails when the peer cannot be reached, resets the stream, answers
     * garbage or stays silent for {@code timeout}.
     */
    CompletableFuture<DhtMessage> request(PeerId peer, List<Multiaddr> addresses, DhtMessage request, Duration timeout);

    /** Serves the requests peers send from now on. */
    void serve(DhtRequestHandler handler);

    /** Whether a connection to {@code peer} is open now. */
    boolean isConnected(PeerId peer);

    /** Registers {@code listener} for peers that connect and serve the DHT protocol. */
    void addListener(DhtPeerListener listener);

    /** Server side of the protocol: answers one request. */
    @FunctionalInterface
    interface DhtRequestHandler {
        /**
         * Answers {@code request} from {@code from}; returns null when the type has no response.
         *
         * @throws DhtProtocolException when the request breaks the protocol: the stream is reset
         */
        DhtMessage handle(PeerId from, DhtMessage request);
    }

    /** Hears about DHT servers among the connected peers. Called on network threads; must not block. */
    @FunctionalInterface
    interface DhtPeerListener {
        /** {@code peer} is connected and serves the DHT protocol at {@code addresses} (its listen addresses). */
        void dhtPeerConnected(PeerId peer, List<Multiaddr> addresses);
    }
}
