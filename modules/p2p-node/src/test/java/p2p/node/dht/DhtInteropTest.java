package p2p.node.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;
import p2p.node.interop.JsPeer;
import p2p.node.interop.Json;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.pnet.Psk;

/**
 * The Java DHT against js-libp2p's {@code @libp2p/kad-dht} (the version pinned in src/test/js/package.json), both on
 * {@code /teranode/kad/1.0.0} inside a Teranode private network: each finds the other as the provider of a namespace
 * advertised the way routing discovery does it.
 */
class DhtInteropTest {
    private static final String PSK_HEX = "285b49e6d910726a70f205086c39cbac6d8dcc47839053a21b1f614773bbc137";
    private static final String PROTOCOL = DhtProtocol.protocolId(DhtProtocol.DEFAULT_PREFIX, true);

    private P2PNode host;
    private KademliaDht dht;
    private JsDhtPeer js;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(JsPeer.available(), "node and the js harness are needed (skip.js unset, npm ci done)");
        host = new P2PNode(NodeConfig.builder(Ed25519PrivKey.generate(new SecureRandom()))
                .listen("/ip4/127.0.0.1/tcp/0").psk(Psk.fromHex(PSK_HEX)).ioThreads(1).build());
        host.start().get(10, TimeUnit.SECONDS);
        dht = new KademliaDht(new P2PNodeDhtNetwork(host, PROTOCOL, AddressFilter.DEFAULT),
                DhtConfig.defaults(PROTOCOL).withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30)), null,
                InstantSource.system());
        dht.start();
        js = JsDhtPeer.start(Map.of("psk", PSK_HEX, "protocol", PROTOCOL));
        host.connect(js.dialAddress()).get(20, TimeUnit.SECONDS);
        PeerId jsId = PeerId.parse(js.peerId);
        // identify lists the js node's kad protocol: it enters our routing table
        KademliaDhtTest.waitUntil(() -> dht.routingTable().contains(jsId));
    }

    @AfterEach
    void stop() throws Exception {
        if (js != null) {
            js.close();
        }
        if (dht != null) {
            dht.close();
        }
        if (host != null) {
            host.stop();
        }
    }

    @Test
    void jsFindsTheJavaNodeAsProviderOfANamespace() throws Exception {
        String namespace = "bitcoin/regtest-block";
        int told = new RoutingDiscovery(dht).advertise(namespace).get(30, TimeUnit.SECONDS);
        assertEquals(1, told, "the js node takes the provider record");
        Map<String, Object> reply = js.call(Duration.ofSeconds(30), "cmd", "findProviders", "namespace", namespace,
                "timeoutMs", 20000);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> providers = (List<Map<String, Object>>) reply.get("providers");
        Map<String, Object> java = providers.stream().filter(p -> host.peerId().toString().equals(p.get("peerId")))
                .findFirst().orElseThrow(() -> new AssertionError("java node not among " + providers));
        assertTrue(((List<?>) java.get("addrs")).contains(host.listenAddresses().get(0).toString()),
                "provider addresses " + java.get("addrs"));
    }

    @Test
    void javaFindsTheJsNodeAsProviderOfANamespace() throws Exception {
        String namespace = "bitcoin/regtest-subtree";
        js.call(Duration.ofSeconds(40), "cmd", "provide", "namespace", namespace);
        PeerId jsId = PeerId.parse(js.peerId);
        assertEquals(1, dht.providerStore().get(NamespaceCid.of(namespace).multihash()).size(),
                "the js node's ADD_PROVIDER reached us");
        dht.providerStore().expire();
        List<DhtPeer> found = new RoutingDiscovery(dht).findPeers(namespace).get(30, TimeUnit.SECONDS);
        assertEquals(List.of(jsId), found.stream().map(DhtPeer::id).toList());
        assertTrue(found.get(0).addresses().contains(js.dialAddress().withoutPeerId()),
                "provider addresses " + found.get(0).addresses());
    }

    /** The js DHT peer process (src/test/js/dht-peer.mjs), driven by JSON lines. */
    private static final class JsDhtPeer implements AutoCloseable {
        private final Process process;
        private final Writer stdin;
        private final CompletableFuture<Map<String, Object>> ready = new CompletableFuture<>();
        private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger(1);
        private final List<String> stderr = new ArrayList<>();
        String peerId;

        private JsDhtPeer(Process process) {
            this.process = process;
            this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread.ofPlatform().daemon().start(this::readStdout);
            Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader in = process.errorReader(StandardCharsets.UTF_8)) {
                    for (String line; (line = in.readLine()) != null; ) {
                        synchronized (stderr) {
                            stderr.add(line);
                        }
                    }
                } catch (IOException ignored) {
                    // the process is gone; what it wrote so far is kept
                }
            });
        }

        static JsDhtPeer start(Map<String, Object> config) throws Exception {
            Process p = new ProcessBuilder("node", "dht-peer.mjs", Json.write(config))
                    .directory(JsPeer.harnessDir().toFile()).start();
            JsDhtPeer peer = new JsDhtPeer(p);
            try {
                peer.peerId = (String) peer.ready.get(60, TimeUnit.SECONDS).get("peerId");
            } catch (Exception e) {
                peer.close();
                throw new IOException("js DHT peer did not start: " + e + "; stderr: " + peer.stderr(), e);
            }
            return peer;
        }

        @SuppressWarnings("unchecked")
        Multiaddr dialAddress() {
            return Multiaddr.parse(((List<String>) ready.join().get("addrs")).get(0));
        }

        Map<String, Object> call(Duration timeout, Object... keyValues) throws Exception {
            Map<String, Object> cmd = new LinkedHashMap<>();
            for (int i = 0; i < keyValues.length; i += 2) {
                cmd.put((String) keyValues[i], keyValues[i + 1]);
            }
            int id = ids.getAndIncrement();
            cmd.put("id", id);
            CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
            pending.put(id, reply);
            synchronized (stdin) {
                stdin.write(Json.write(cmd) + "\n");
                stdin.flush();
            }
            Map<String, Object> result = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!Boolean.TRUE.equals(result.get("ok"))) {
                throw new AssertionError(cmd.get("cmd") + " failed in js: " + result.get("error") + "; stderr: "
                        + stderr());
            }
            return result;
        }

        private void readStdout() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    Map<String, Object> msg;
                    try {
                        msg = Json.parseObject(line);
                    } catch (RuntimeException notJson) {
                        continue;
                    }
                    if ("ready".equals(msg.get("event"))) {
                        ready.complete(msg);
                    } else if (msg.get("id") instanceof Number n && pending.containsKey(n.intValue())) {
                        pending.get(n.intValue()).complete(msg);
                    }
                }
            } catch (IOException ignored) {
                // falls through to failing what is pending
            }
            IOException ended = new IOException("js DHT peer ended");
            ready.completeExceptionally(ended);
            pending.values().forEach(f -> f.completeExceptionally(ended));
        }

        String stderr() {
            synchronized (stderr) {
                return String.join("\n", stderr.subList(Math.max(0, stderr.size() - 30), stderr.size()));
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                try {
                    synchronized (stdin) {
                        stdin.write("{\"id\":0,\"cmd\":\"stop\"}\n");
                        stdin.flush();
                    }
                } catch (IOException gone) {
                    // already exiting
                }
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
    }
}
