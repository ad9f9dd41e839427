package p2p.testkit.js;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A js-libp2p gossipsub peer: a {@code node} process running the harness's {@code gossip-peer.mjs} (js-libp2p with
 * {@code @libp2p/gossipsub}, StrictSign), driven by JSON lines as documented at the top of that script. The process
 * and its protocol are {@link JsPeer}'s; this class only names the script and the gossip-side conveniences.
 */
public final class JsGossipPeer implements AutoCloseable {
    private static final String SCRIPT = "gossip-peer.mjs";

    private final JsPeer peer;

    private JsGossipPeer(JsPeer peer) {
        this.peer = peer;
    }

    /** Whether the js harness can run here (node and the installed dependencies). */
    public static boolean available() {
        return JsPeer.available();
    }

    public static JsGossipPeer start(String pskHex) throws IOException, InterruptedException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("psk", pskHex);
        return start(config);
    }

    /** Starts a peer with the given gossip-peer.mjs config (keys as documented at the top of that script). */
    public static JsGossipPeer start(Map<String, Object> config) throws IOException, InterruptedException {
        return new JsGossipPeer(JsPeer.start(SCRIPT, config));
    }

    public String peerId() {
        return peer.peerId();
    }

    /** Runs a command; fails when the peer reports an error or does not answer in time. */
    public Map<String, Object> call(Duration timeout, Object... keyValues) throws InterruptedException, TimeoutException {
        return peer.call(timeout, keyValues);
    }

    /** Waits for an event matching {@code filter}; events that arrived earlier count. */
    public Map<String, Object> awaitEvent(Predicate<Map<String, Object>> filter, Duration timeout)
            throws InterruptedException, TimeoutException {
        return peer.awaitEvent(filter, timeout);
    }

    /** A copy of the events received so far, in arrival order. */
    public List<Map<String, Object>> eventsSoFar() {
        return peer.eventsSoFar();
    }

    /** The first listen address with the peer id, for another peer to dial. */
    public String dialAddress() {
        return peer.dialAddress();
    }

    /** The last lines the process wrote to stderr. */
    public String stderr() {
        return peer.stderr();
    }

    @Override
    public void close() throws InterruptedException {
        peer.close();
    }
}
