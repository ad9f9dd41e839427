package p2p.node.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.relay.pb.CircuitProto;
import p2p.testkit.Await;

/**
 * The relay client against a scripted relay on loopback (a second host serving /hop with the answers a test sets):
 * refusals are logged naming the relay and retried with backoff, a short reservation is refreshed before it expires,
 * a relay that reconnects is reserved on again, and /stop is refused from relays we hold no reservation on or when
 * malformed, without harm to the relay connection.
 */
class RelayLoopbackTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final ConcurrentLinkedQueue<LogRecord> logged = new ConcurrentLinkedQueue<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger keeperLog = Logger.getLogger(ReservationKeeper.class.getName());

    @AfterEach
    void closeAll() throws Exception {
        keeperLog.removeHandler(capture);
        for (AutoCloseable r : resources.reversed()) {
            r.close();
        }
    }

    private P2PNode node() throws Exception {
        P2PNode node = new P2PNode(NodeConfig.builder(Ed25519PrivKey.generate(RANDOM)).listen("/ip4/127.0.0.1/tcp/0")
                .ioThreads(1).build());
        resources.add(node);
        node.start().get(10, TimeUnit.SECONDS);
        return node;
    }

    /** A relay that answers every RESERVE with {@code answer}'s status and a reservation of {@code ttl}. */
    private static final class ScriptedRelay {
        final AtomicReference<CircuitProto.Status> answer = new AtomicReference<>(CircuitProto.Status.OK);
        final AtomicReference<Duration> ttl = new AtomicReference<>(Duration.ofHours(1));
        final AtomicInteger reserves = new AtomicInteger();

        void serve(P2PNode relay) {
            relay.setStreamHandler(RelayProtocols.HOP, (stream, peer) -> RelayStreams.readOne(stream, "test hop")
                    .thenAccept(body -> {
                        reserves.incrementAndGet();
                        CircuitProto.HopMessage.Builder out = CircuitProto.HopMessage.newBuilder()
                                .setType(CircuitProto.HopMessage.Type.STATUS).setStatus(answer.get());
                        if (answer.get() == CircuitProto.Status.OK) {
                            long expire = Clock.systemUTC().instant().plus(ttl.get()).getEpochSecond();
                            out.setReservation(CircuitProto.Reservation.newBuilder().setExpire(expire));
                        }
                        RelayStreams.write(stream, out.build().toByteArray()).addListener(f -> stream.close());
                    }));
        }
    }

    private static boolean advertisesCircuit(P2PNode node) {
        return node.advertisedAddresses().stream().anyMatch(CircuitAddress::isCircuit);
    }

    @Test
    void refusalsAreLoggedAndRetriedWithBackoffThenAShortReservationIsRefreshedAndRenewedAfterAReconnect()
            throws Exception {
        keeperLog.addHandler(capture);
        P2PNode relay = node();
        ScriptedRelay script = new ScriptedRelay();
        script.answer.set(CircuitProto.Status.RESERVATION_REFUSED);
        script.serve(relay);
        P2PNode node = node();
        RelayClient client = RelayClient.install(node);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        resources.add(scheduler::shutdownNow);
        ReservationKeeper keeper = new ReservationKeeper(client, Set.of(relay.peerId())::contains, scheduler,
                Clock.systemUTC(), Duration.ofMillis(50), Duration.ofMillis(200));
        resources.add(keeper);
        keeper.start();
        Multiaddr relayAddr = relay.listenAddresses().get(0).withPeerId(relay.peerId().toBytes());
        node.connect(relayAddr).get(10, TimeUnit.SECONDS);

        Await.until("three refused reservations", WAIT, () -> script.reserves.get() >= 3);
        assertTrue(node.isConnected(relay.peerId()), "a refusal leaves the relay connection alone");
        assertTrue(client.reservation(relay.peerId()).isEmpty());
        assertTrue(!advertisesCircuit(node));
        LogRecord warning = logged.stream().filter(r -> r.getLevel() == Level.WARNING).findFirst().orElseThrow();
        String text = warning.getMessage();
        assertTrue(text.contains(relay.peerId().toString()) && text.contains("RESERVATION_REFUSED")
                && text.contains("retrying in"), text);

        // The relay accepts now, with a reservation of 4 s: held, advertised, then refreshed before it runs out.
        script.ttl.set(Duration.ofSeconds(4));
        script.answer.set(CircuitProto.Status.OK);
        Await.until("the circuit address advertised", WAIT, () -> advertisesCircuit(node));
        Multiaddr circuit = node.advertisedAddresses().stream().filter(CircuitAddress::isCircuit).findFirst()
                .orElseThrow();
        assertEquals(relayAddr.encapsulate("/p2p-circuit"), circuit);
        int held = script.reserves.get();
        Await.until("a refresh before the expiry", WAIT, () -> script.reserves.get() > held);
        assertTrue(client.reservation(relay.peerId()).isPresent());

        // The relay goes away: the reservation and the address go; it comes back: reserved again.
        node.disconnect(relay.peerId()).get(10, TimeUnit.SECONDS);
        Await.until("the circuit address withdrawn", WAIT, () -> !advertisesCircuit(node));
        script.ttl.set(Duration.ofHours(1));
        node.connect(relayAddr).get(10, TimeUnit.SECONDS);
        Await.until("reserved again after the reconnect", WAIT, () -> advertisesCircuit(node)
                && client.reservation(relay.peerId()).isPresent());
    }

    /** Opens /stop from {@code relay} to {@code node}, writes {@code body}, returns the status answered. */
    private static RelayStatus stop(P2PNode relay, PeerId node, byte[] body) throws Exception {
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        Channel stream = relay.newStream(node, RelayProtocols.STOP, s -> RelayStreams.readOne(s, "test stop")
                .whenComplete((b, e) -> {
                    if (e != null) {
                        answer.completeExceptionally(e);
                    } else {
                        answer.complete(b);
                    }
                })).get(10, TimeUnit.SECONDS);
        RelayStreams.write(stream, body);
        return RelayStatus.of(CircuitProto.StopMessage.parseFrom(answer.get(10, TimeUnit.SECONDS)).getStatus()
                .getNumber());
    }

    @Test
    void stopIsRefusedFromRelaysWithoutOurReservationAndWhenMalformedAndTheRelayConnectionStays() throws Exception {
        P2PNode relay = node();
        ScriptedRelay script = new ScriptedRelay();
        script.serve(relay);
        P2PNode node = node();
        RelayClient client = RelayClient.install(node);
        node.connect(relay.listenAddresses().get(0).withPeerId(relay.peerId().toBytes())).get(10, TimeUnit.SECONDS);
        // The dialler's future completes first; the relay opens /stop only once it has registered the connection.
        Await.until("the relay to register the connection", WAIT, () -> relay.isConnected(node.peerId()));
        PeerId source = PeerId.fromPublicKey(Ed25519PrivKey.generate(RANDOM).publicKey());
        byte[] connect = CircuitProto.StopMessage.newBuilder().setType(CircuitProto.StopMessage.Type.CONNECT)
                .setPeer(CircuitProto.Peer.newBuilder().setId(com.google.protobuf.ByteString.copyFrom(
                        source.toBytes()))).build().toByteArray();

        assertEquals(RelayStatus.PERMISSION_DENIED, stop(relay, node.peerId(), connect));
        client.reserve(relay.peerId()).get(10, TimeUnit.SECONDS);
        assertEquals(RelayStatus.MALFORMED_MESSAGE, stop(relay, node.peerId(), new byte[] {0x0a, 0x7f, 0x01}));
        assertEquals(RelayStatus.UNEXPECTED_MESSAGE, stop(relay, node.peerId(),
                CircuitCodec.stopStatus(RelayStatus.OK)));
        assertTrue(node.isConnected(relay.peerId()));
        node.ping(relay.peerId()).get(10, TimeUnit.SECONDS);
    }
}
