package p2p.node.pubsub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.PeerId;
import p2p.node.host.PeerRecord;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.pubsub.pb.PubsubProto.ControlGraft;
import p2p.node.pubsub.pb.PubsubProto.ControlMessage;
import p2p.node.pubsub.pb.PubsubProto.ControlPrune;
import p2p.node.pubsub.pb.PubsubProto.PeerInfo;
import p2p.node.pubsub.pb.PubsubProto.RPC;
import p2p.node.record.EnvelopeCodec;
import p2p.node.record.PeerRecordCodec;
import p2p.node.record.SignedEnvelope;

/**
 * The router's peer-exchange choices (gossipsub-v1.1.md "Prune Backoff and Peer Exchange", as go-libp2p-pubsub
 * v0.15.0 applies it): which PRUNEs carry PX, whom they offer and with which record, and which offered peers reach
 * the host to be dialled. The host side is a recording {@link PeerExchange}; the real one is exercised against Go
 * peers in {@code Go2026PeerExchangeTest}.
 */
class GossipRouterPxTest {
    private static final String TOPIC = "teranode/bitcoin/1.0.0/regtest-block";
    private static final Duration HEARTBEAT = GossipConfig.defaults().heartbeatInterval();
    private static final GossipConfig PX = GossipConfig.defaults().withPeerExchange(true);

    /** The host side: records held per peer, and the candidates handed over to dial. */
    private static final class RecordingExchange implements PeerExchange {
        final Map<PeerId, byte[]> records = new HashMap<>();
        final List<PxCandidate> dialled = new ArrayList<>();

        @Override
        public Optional<byte[]> signedRecord(PeerId peer) {
            return Optional.ofNullable(records.get(peer));
        }

        @Override
        public void connect(PeerId from, List<PxCandidate> candidates) {
            dialled.addAll(candidates);
        }
    }

    private final SimulatedLoop loop = new SimulatedLoop();
    private final Ed25519Identity local = Ed25519Identity.fromSeed(1);
    private final List<PenaltyReason> penalties = new ArrayList<>();
    private final RecordingExchange exchange = new RecordingExchange();
    private GossipRouter router = newRouter(PX);

    private GossipRouter newRouter(GossipConfig config) {
        GossipRouter r = new GossipRouter(config, local, new PeerIdSignatureVerifier(), loop,
                (peer, reason, detail) -> penalties.add(reason), exchange, new SplittableRandom(7));
        r.setTopicHandler(TOPIC, (data, from) -> { });
        r.start();
        loop.runUntilIdle();
        return r;
    }

    private ScriptedPeer peer(long seed) {
        return peer(seed, PubsubProtocols.MESHSUB_V11);
    }

    private ScriptedPeer peer(long seed, String protocol) {
        ScriptedPeer peer = new ScriptedPeer(seed, protocol);
        router.peerConnected(peer);
        inject(peer, RPC.newBuilder()
                .addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(true).setTopicid(TOPIC)).build());
        return peer;
    }

    private void inject(ScriptedPeer from, RPC rpc) {
        router.frameReceived(from.id, rpc.toByteArray());
        loop.runUntilIdle();
    }

    private void inject(ScriptedPeer from, ControlMessage.Builder control) {
        inject(from, RPC.newBuilder().setControl(control).build());
    }

    private void leave() {
        router.unsubscribe(TOPIC);
        loop.runUntilIdle();
    }

    private static List<ControlPrune> prunes(ScriptedPeer peer) {
        return peer.controls().flatMap(c -> c.getPruneList().stream()).toList();
    }

    private static Set<PeerId> offered(ControlPrune prune) {
        return prune.getPeersList().stream().map(p -> PeerId.fromBytes(p.getPeerID().toByteArray()))
                .collect(Collectors.toSet());
    }

    /** A signed record of {@code peer}, as its owner seals it. */
    private static byte[] record(ScriptedPeer peer, long seq) {
        return EnvelopeCodec.encode(PeerRecordCodec.seal(new PeerRecord(peer.id, seq, List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"))), peer.identity.key()));
    }

    private static PeerInfo info(ScriptedPeer peer, byte[] record) {
        PeerInfo.Builder b = PeerInfo.newBuilder().setPeerID(ByteString.copyFrom(peer.id.toBytes()));
        if (record != null) {
            b.setSignedPeerRecord(ByteString.copyFrom(record));
        }
        return b.build();
    }

    private static ControlMessage.Builder pruneWith(PeerInfo... infos) {
        return ControlMessage.newBuilder().addPrune(ControlPrune.newBuilder().setTopicID(TOPIC).setBackoff(60)
                .addAllPeers(List.of(infos)));
    }

    // ---------------------------------------------------------------- sent

    @Test
    void leavingOffersEachPrunedPeerTheOtherTopicPeersWithTheRecordsWeHold() {
        ScriptedPeer a = peer(10);
        ScriptedPeer b = peer(11);
        ScriptedPeer c = peer(12);
        byte[] bRecord = record(b, 5);
        exchange.records.put(b.id, bRecord);
        router.subscribe(TOPIC);
        loop.advance(HEARTBEAT);
        a.clear();

        leave();

        List<ControlPrune> toA = prunes(a);
        assertEquals(1, toA.size());
        assertEquals(GossipConfig.defaults().unsubscribeBackoff().toSeconds(), toA.get(0).getBackoff());
        assertEquals(Set.of(b.id, c.id), offered(toA.get(0)));
        for (PeerInfo info : toA.get(0).getPeersList()) {
            if (PeerId.fromBytes(info.getPeerID().toByteArray()).equals(b.id)) {
                assertArrayEquals(bRecord, info.getSignedPeerRecord().toByteArray(), "b's envelope as b signed it");
            } else {
                // go-libp2p-pubsub offers a peer whose record it lacks by id alone.
                assertFalse(info.hasSignedPeerRecord());
            }
        }
        assertEquals(6, router.counters().pxOffered());
    }

    @Test
    void offerIsCappedAtPrunePeers() {
        List<ScriptedPeer> peers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            peers.add(peer(10 + i));
        }
        router.subscribe(TOPIC);
        loop.advance(HEARTBEAT);

        leave();

        List<ScriptedPeer> meshed = peers.stream().filter(p -> !prunes(p).isEmpty()).toList();
        assertFalse(meshed.isEmpty());
        for (ScriptedPeer p : meshed) {
            ControlPrune prune = prunes(p).get(0);
            assertEquals(PX.prunePeers(), prune.getPeersCount());
            assertFalse(offered(prune).contains(p.id), "never offered to itself");
        }
    }

    @Test
    void graftToAFullMeshIsRefusedWithPx() {
        router.subscribe(TOPIC);
        loop.runUntilIdle();
        List<ScriptedPeer> peers = new ArrayList<>();
        for (int i = 0; i <= PX.dHi(); i++) {
            ScriptedPeer p = peer(10 + i);
            peers.add(p);
            inject(p, ControlMessage.newBuilder().addGraft(ControlGraft.newBuilder().setTopicID(TOPIC)));
        }
        ScriptedPeer refused = peers.get(PX.dHi());

        ControlPrune prune = prunes(refused).get(0);
        assertEquals(60, prune.getBackoff());
        assertEquals(PX.dHi(), prune.getPeersCount());
        assertFalse(offered(prune).contains(refused.id));
    }

    @Test
    void graftDuringBackoffOrForAnUnknownTopicWithholdsPxFromTheWholeReply() {
        router.subscribe(TOPIC);
        loop.runUntilIdle();
        for (int i = 0; i < PX.dHi(); i++) {
            inject(peer(10 + i), ControlMessage.newBuilder().addGraft(ControlGraft.newBuilder().setTopicID(TOPIC)));
        }
        ScriptedPeer prober = peer(50);
        // One RPC: a GRAFT the full mesh refuses (PX on its own), and one for a topic we never joined.
        inject(prober, ControlMessage.newBuilder()
                .addGraft(ControlGraft.newBuilder().setTopicID(TOPIC))
                .addGraft(ControlGraft.newBuilder().setTopicID("other")));

        List<ControlPrune> toProber = prunes(prober);
        assertEquals(2, toProber.size());
        assertTrue(toProber.stream().allMatch(p -> p.getPeersCount() == 0), toProber.toString());

        // Backed off now: grafting again earns a PRUNE without PX (and the flood penalty).
        prober.clear();
        inject(prober, ControlMessage.newBuilder().addGraft(ControlGraft.newBuilder().setTopicID(TOPIC)));
        assertEquals(0, prunes(prober).get(0).getPeersCount());
        assertEquals(List.of(PenaltyReason.SPAM), penalties);
    }

    @Test
    void gossipsubV10PeerGetsAPlainPrune() {
        ScriptedPeer old = peer(10, PubsubProtocols.MESHSUB_V10);
        peer(11);
        router.subscribe(TOPIC);
        loop.advance(HEARTBEAT);
        old.clear();

        leave();

        ControlPrune prune = prunes(old).get(0);
        assertFalse(prune.hasBackoff());
        assertEquals(0, prune.getPeersCount());
    }

    @Test
    void the2025ProfileSendsAndAcceptsNoPx() {
        router = newRouter(GossipConfig.defaults());
        ScriptedPeer a = peer(10);
        ScriptedPeer b = peer(11);
        exchange.records.put(b.id, record(b, 1));
        router.subscribe(TOPIC);
        loop.advance(HEARTBEAT);
        ScriptedPeer stranger = new ScriptedPeer(40, PubsubProtocols.MESHSUB_V11);
        inject(a, pruneWith(info(stranger, record(stranger, 1))));
        b.clear();

        leave();

        assertEquals(0, prunes(b).get(0).getPeersCount());
        assertTrue(exchange.dialled.isEmpty());
        assertEquals(1, router.counters().pxIgnored());
        assertEquals(0, router.counters().pxOffered());
    }

    // ---------------------------------------------------------------- accepted

    @Test
    void offeredPeersWeAreNotConnectedToGoToTheHostWithTheirVerifiedRecords() {
        ScriptedPeer a = peer(10);
        ScriptedPeer connected = peer(11);
        router.subscribe(TOPIC);
        loop.advance(HEARTBEAT);
        ScriptedPeer x = new ScriptedPeer(40, PubsubProtocols.MESHSUB_V11);
        ScriptedPeer y = new ScriptedPeer(41, PubsubProtocols.MESHSUB_V11);
        ScriptedPeer self = new ScriptedPeer(1, PubsubProtocols.MESHSUB_V11);

        inject(a, pruneWith(info(x, record(x, 9)), info(y, null), info(connected, record(connected, 1)),
                info(self, null)));

        assertEquals(2, exchange.dialled.size(), exchange.dialled.toString());
        PxCandidate first = exchange.dialled.get(0);
        assertEquals(x.id, first.peer());
        assertEquals(9, first.record().orElseThrow().seq());
        assertEquals(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001")), first.record().orElseThrow().addresses());
        assertEquals(new PxCandidate(y.id, Optional.empty()), exchange.dialled.get(1));
        assertEquals(4, router.counters().pxReceived());
        assertEquals(0, router.counters().pxRejected());
        assertFalse(router.meshPeers(TOPIC).isDone() && router.meshPeers(TOPIC).join().contains(a.id));
    }

    @Test
    void pxForATopicWeDidNotJoinIsIgnored() {
        ScriptedPeer a = peer(10);
        ScriptedPeer x = new ScriptedPeer(40, PubsubProtocols.MESHSUB_V11);

        inject(a, pruneWith(info(x, record(x, 1))));

        assertTrue(exchange.dialled.isEmpty());
        assertEquals(1, router.counters().pxIgnored());
    }

    @Test
    void badEntriesAreDroppedAndCountedWithoutPunishingTheSenderAndGoodOnesStillCount() {
        ScriptedPeer a = peer(10);
        router.subscribe(TOPIC);
        loop.advance(HEARTBEAT);
        ScriptedPeer good = new ScriptedPeer(40, PubsubProtocols.MESHSUB_V11);
        ScriptedPeer victim = new ScriptedPeer(41, PubsubProtocols.MESHSUB_V11);
        ScriptedPeer liar = new ScriptedPeer(42, PubsubProtocols.MESHSUB_V11);
        byte[] otherDomain = EnvelopeCodec.encode(SignedEnvelope.seal(victim.identity.key(), "not-a-peer-record",
                PeerRecordCodec.payloadType(), PeerRecordCodec.encode(new PeerRecord(victim.id, 1, List.of()))));
        byte[] tampered = record(victim, 3);
        tampered[tampered.length - 1] ^= 1;

        inject(a, pruneWith(
                info(good, record(good, 1)),
                PeerInfo.newBuilder().setSignedPeerRecord(ByteString.copyFrom(record(good, 2))).build(),
                PeerInfo.newBuilder().setPeerID(ByteString.copyFromUtf8("not a multihash")).build(),
                info(victim, "garbage".getBytes(StandardCharsets.UTF_8)),
                info(victim, new byte[PxCodec.MAX_RECORD_BYTES + 1]),
                info(victim, otherDomain),
                info(victim, tampered),
                info(victim, record(liar, 1))));

        assertEquals(List.of(good.id), exchange.dialled.stream().map(PxCandidate::peer).toList());
        assertEquals(7, router.counters().pxRejected());
        assertTrue(penalties.isEmpty(), "relaying a bad record is not the relay's fault: " + penalties);
        assertNull(a.closedBecause);
        assertEquals(0, router.counters().protocolViolations());
    }

    @Test
    void moreEntriesThanPrunePeersAreCutBeforeAnyRecordIsVerified() {
        ScriptedPeer a = peer(10);
        router.subscribe(TOPIC);
        loop.advance(HEARTBEAT);
        List<PeerInfo> infos = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ScriptedPeer offered = new ScriptedPeer(1000 + i, PubsubProtocols.MESHSUB_V11);
            infos.add(info(offered, record(offered, 1)));
        }

        inject(a, pruneWith(infos.toArray(PeerInfo[]::new)));

        assertEquals(PX.prunePeers(), exchange.dialled.size());
        assertEquals(100 - PX.prunePeers(), router.counters().pxRejected());
        assertTrue(penalties.isEmpty());
    }
}
