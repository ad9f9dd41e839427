package p2p.node.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.PeerId;
import p2p.node.pubsub.pb.PubsubProto.ControlGraft;
import p2p.node.pubsub.pb.PubsubProto.ControlIDontWant;
import p2p.node.pubsub.pb.PubsubProto.ControlIHave;
import p2p.node.pubsub.pb.PubsubProto.ControlIWant;
import p2p.node.pubsub.pb.PubsubProto.ControlMessage;
import p2p.node.pubsub.pb.PubsubProto.ControlPrune;
import p2p.node.pubsub.pb.PubsubProto.Message;
import p2p.node.pubsub.pb.PubsubProto.RPC;

/** One router against scripted peers: message validation, control messages, backoff, the outbound bound. */
class GossipRouterTest {
    private static final String TOPIC = "bitcoin/mainnet-block";
    private static final Duration HEARTBEAT = GossipConfig.defaults().heartbeatInterval();

    private record Penalty(PeerId peer, PenaltyReason reason, String detail) {
    }

    private record Delivery(String data, PeerId from) {
    }

    private final SimulatedLoop loop = new SimulatedLoop();
    private final Ed25519Identity local = Ed25519Identity.fromSeed(1);
    private final Ed25519Identity author = Ed25519Identity.fromSeed(99);
    private final List<Penalty> penalties = new ArrayList<>();
    private final List<Delivery> deliveries = new ArrayList<>();
    private GossipRouter router = newRouter(GossipConfig.defaults());

    private GossipRouter newRouter(GossipConfig config) {
        GossipRouter r = new GossipRouter(config, local, new PeerIdSignatureVerifier(), loop,
                (peer, reason, detail) -> penalties.add(new Penalty(peer, reason, detail)), new SplittableRandom(5));
        r.setTopicHandler(TOPIC, (data, from) -> deliveries.add(new Delivery(new String(data, StandardCharsets.UTF_8), from)));
        r.start();
        loop.runUntilIdle();
        return r;
    }

    /** Connects a gossipsub peer subscribed to the topic. */
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

    private void injectMessage(ScriptedPeer from, Message message) {
        inject(from, RPC.newBuilder().addPublish(message).build());
    }

    private void inject(ScriptedPeer from, ControlMessage.Builder control) {
        inject(from, RPC.newBuilder().setControl(control).build());
    }

    private void joinAndBuildMesh() {
        router.subscribe(TOPIC);
        loop.advance(HEARTBEAT);
    }

    private Set<PeerId> mesh() {
        var future = router.meshPeers(TOPIC);
        loop.runUntilIdle();
        return future.join();
    }

    private Message signed(String text, long seqno) {
        return StrictSign.sign(author, TOPIC, text.getBytes(StandardCharsets.UTF_8), seqno);
    }

    @Test
    void newPeerGetsOurSubscriptions() {
        router.subscribe(TOPIC);
        loop.runUntilIdle();
        ScriptedPeer a = peer(10);
        RPC hello = a.received.get(0);
        assertEquals(1, hello.getSubscriptionsCount());
        assertTrue(hello.getSubscriptions(0).getSubscribe());
        assertEquals(TOPIC, hello.getSubscriptions(0).getTopicid());
    }

    /**
     * A duplicate connection closed under our outbound stream while the peer's own stream to us stayed up: its
     * subscriptions, which it will not send again, must survive, so the new stream puts it back in the mesh.
     */
    @Test
    void losingOnlyTheOutboundStreamKeepsThePeersSubscriptions() {
        ScriptedPeer a = peer(10);
        joinAndBuildMesh();
        assertEquals(Set.of(a.id), mesh());

        router.outboundLost(a);
        loop.runUntilIdle();
        assertEquals(Set.of(), mesh(), "nothing can be sent to it until a new stream opens");

        ScriptedPeer again = new ScriptedPeer(10, PubsubProtocols.MESHSUB_V11);
        router.peerConnected(again);
        loop.advance(HEARTBEAT);
        assertEquals(Set.of(a.id), mesh(), "known subscriber again, without a new hello from it");
        assertTrue(again.wasGrafted(TOPIC));
    }

    @Test
    void losingAStaleOutboundStreamChangesNothing() {
        ScriptedPeer a = peer(10);
        joinAndBuildMesh();
        ScriptedPeer replacement = new ScriptedPeer(10, PubsubProtocols.MESHSUB_V11);
        router.peerConnected(replacement);
        router.outboundLost(a);
        loop.runUntilIdle();
        assertEquals(Set.of(a.id), mesh());
    }

    @Test
    void joiningGraftsKnownTopicPeers() {
        ScriptedPeer a = peer(10);
        ScriptedPeer b = peer(11);
        router.subscribe(TOPIC);
        loop.runUntilIdle();
        assertTrue(a.wasGrafted(TOPIC));
        assertTrue(b.wasGrafted(TOPIC));
        assertEquals(Set.of(a.id, b.id), mesh());
    }

    @Test
    void validMessageIsDeliveredOnceAndRelayedToTheMeshButNotBack() {
        ScriptedPeer a = peer(10);
        ScriptedPeer b = peer(11);
        joinAndBuildMesh();
        a.clear();
        b.clear();

        injectMessage(a, signed("block 1", 1));
        injectMessage(a, signed("block 1", 1));
        injectMessage(b, signed("block 1", 1));

        assertEquals(List.of(new Delivery("block 1", a.id)), deliveries);
        assertEquals(1, b.messages().count());
        assertEquals(0, a.messages().count());
        assertEquals(2, router.counters().duplicates());
        assertTrue(penalties.isEmpty());
    }

    @Test
    void messageIsNotRelayedBackToItsAuthor() {
        ScriptedPeer authorPeer = new ScriptedPeer(99, PubsubProtocols.MESHSUB_V11);
        router.peerConnected(authorPeer);
        inject(authorPeer, RPC.newBuilder()
                .addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(true).setTopicid(TOPIC)).build());
        ScriptedPeer relay = peer(10);
        joinAndBuildMesh();
        authorPeer.clear();

        injectMessage(relay, signed("x", 1));
        assertEquals(0, authorPeer.messages().count());
    }

    @Test
    void tamperedMessageIsDroppedAndPenalisesTheForwarder() {
        ScriptedPeer a = peer(10);
        ScriptedPeer b = peer(11);
        joinAndBuildMesh();
        b.clear();

        Message tampered = signed("block 1", 1).toBuilder().setData(ByteString.copyFromUtf8("block 2")).build();
        injectMessage(a, tampered);

        assertTrue(deliveries.isEmpty());
        assertEquals(0, b.messages().count());
        assertEquals(1, router.counters().rejected());
        assertEquals(1, penalties.size());
        assertEquals(a.id, penalties.get(0).peer());
        assertEquals(PenaltyReason.PROTOCOL_VIOLATION, penalties.get(0).reason());
        assertEquals("protocol_violation", penalties.get(0).reason().banReason());
        assertTrue(penalties.get(0).detail().contains("BAD_SIGNATURE"), penalties.get(0).detail());
    }

    @Test
    void unsignedMessageIsDroppedAndPenalised() {
        ScriptedPeer a = peer(10);
        joinAndBuildMesh();
        injectMessage(a, signed("x", 1).toBuilder().clearSignature().build());
        assertTrue(deliveries.isEmpty());
        assertEquals(PenaltyReason.PROTOCOL_VIOLATION, penalties.get(0).reason());
        assertTrue(penalties.get(0).detail().contains("MISSING_SIGNATURE"));
    }

    @Test
    void messageWhoseKeyDoesNotMatchFromIsDropped() {
        ScriptedPeer a = peer(10);
        joinAndBuildMesh();
        byte[] otherKey = Ed25519Identity.marshalledPublicKey(Ed25519Identity.fromSeed(7).rawPublicKey());
        injectMessage(a, signed("x", 1).toBuilder().setKey(ByteString.copyFrom(otherKey)).build());
        assertTrue(deliveries.isEmpty());
        assertTrue(penalties.get(0).detail().contains("KEY_MISMATCH"));
    }

    @Test
    void forgedCopyDoesNotShadowTheGenuineMessage() {
        ScriptedPeer a = peer(10);
        ScriptedPeer b = peer(11);
        joinAndBuildMesh();
        Message genuine = signed("real", 5);
        injectMessage(a, genuine.toBuilder().setData(ByteString.copyFromUtf8("fake")).build());
        injectMessage(b, genuine);
        assertEquals(List.of(new Delivery("real", b.id)), deliveries);
    }

    @Test
    void malformedFrameDropsThePeerAndTheRouterKeepsServing() {
        ScriptedPeer a = peer(10);
        ScriptedPeer b = peer(11);
        joinAndBuildMesh();

        router.frameReceived(a.id, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
        loop.runUntilIdle();

        assertNotNull(a.closedBecause);
        assertEquals(1, router.counters().protocolViolations());
        assertEquals(new Penalty(a.id, PenaltyReason.PROTOCOL_VIOLATION, a.closedBecause), penalties.get(0));
        assertEquals(Set.of(b.id), mesh());

        injectMessage(b, signed("after", 1));
        assertEquals(List.of(new Delivery("after", b.id)), deliveries);
    }

    @Test
    void oversizedFrameDropsThePeer() {
        ScriptedPeer a = peer(10);
        router.frameReceived(a.id, new byte[RpcCodec.DEFAULT_MAX_FRAME_BYTES + 1]);
        loop.runUntilIdle();
        assertNotNull(a.closedBecause);
        assertTrue(a.closedBecause.contains(String.valueOf(RpcCodec.DEFAULT_MAX_FRAME_BYTES)), a.closedBecause);
    }

    @Test
    void transportReportedViolationDropsThePeer() {
        ScriptedPeer a = peer(10);
        joinAndBuildMesh();
        router.protocolViolation(a.id, "varint longer than 9 bytes");
        loop.runUntilIdle();
        assertEquals("varint longer than 9 bytes", a.closedBecause);
        assertEquals(PenaltyReason.PROTOCOL_VIOLATION, penalties.get(0).reason());
        assertTrue(mesh().isEmpty());
    }

    @Test
    void messageOfATopicNotJoinedIsNotDelivered() {
        ScriptedPeer a = peer(10);
        injectMessage(a, signed("x", 1));
        assertTrue(deliveries.isEmpty());
        assertEquals(1, router.counters().notSubscribed());
    }

    @Test
    void ownMessageReachesOwnHandlerAndEveryTopicPeer() {
        List<ScriptedPeer> peers = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            peers.add(peer(10 + i));
        }
        joinAndBuildMesh();
        assertEquals(GossipConfig.defaults().d(), mesh().size());

        router.publish(TOPIC, "mine".getBytes(StandardCharsets.UTF_8));
        loop.runUntilIdle();

        assertEquals(List.of(new Delivery("mine", router.localPeer())), deliveries);
        for (ScriptedPeer peer : peers) {
            List<Message> got = peer.messages().toList();
            assertEquals(1, got.size(), "flood publish reaches non-mesh peers too");
            assertNull(StrictSign.check(got.get(0), new PeerIdSignatureVerifier()));
            assertEquals(ByteString.copyFrom(local.peerId()), got.get(0).getFrom());
        }
    }

    @Test
    void publishingToATopicNotJoinedUsesTheTopicPeers() {
        ScriptedPeer a = peer(10);
        router.publish(TOPIC, new byte[] {1});
        loop.runUntilIdle();
        assertEquals(1, a.messages().count());
        assertTrue(deliveries.isEmpty(), "not joined, so no local delivery");
    }

    @Test
    void oversizedPublishIsRefusedNamingTheLimit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> router.publish(TOPIC, new byte[RpcCodec.DEFAULT_MAX_FRAME_BYTES]));
        assertTrue(e.getMessage().contains("maxFrameBytes"), e.getMessage());
    }

    @Test
    void ihaveOfUnseenIdsIsAnsweredWithIwant() {
        ScriptedPeer a = peer(10);
        joinAndBuildMesh();
        Message known = signed("known", 1);
        injectMessage(a, known);
        a.clear();
        ByteString unknownId = StrictSign.messageId(signed("unknown", 2));

        inject(a, ControlMessage.newBuilder().addIhave(ControlIHave.newBuilder().setTopicID(TOPIC)
                .addMessageIDs(StrictSign.messageId(known)).addMessageIDs(unknownId)));

        List<ByteString> wanted = a.controls().flatMap(c -> c.getIwantList().stream())
                .flatMap(w -> w.getMessageIDsList().stream()).toList();
        assertEquals(List.of(unknownId), wanted);
    }

    @Test
    void ihaveForATopicNotJoinedIsIgnored() {
        ScriptedPeer a = peer(10);
        inject(a, ControlMessage.newBuilder().addIhave(ControlIHave.newBuilder().setTopicID("other")
                .addMessageIDs(ByteString.copyFromUtf8("id"))));
        assertEquals(0, a.controls().count());
    }

    @Test
    void ihaveFloodIsCappedPerHeartbeat() {
        ScriptedPeer a = peer(10);
        joinAndBuildMesh();
        a.clear();
        int max = GossipConfig.defaults().maxIHaveMessages();
        for (int i = 0; i < max + 5; i++) {
            inject(a, ControlMessage.newBuilder().addIhave(ControlIHave.newBuilder().setTopicID(TOPIC)
                    .addMessageIDs(ByteString.copyFromUtf8("id-" + i))));
        }
        assertEquals(max, a.controls().filter(c -> c.getIwantCount() > 0).count());
    }

    @Test
    void iwantIsServedFromTheCacheUpToTheRetransmissionLimit() {
        ScriptedPeer a = peer(10);
        joinAndBuildMesh();
        router.publish(TOPIC, "cached".getBytes(StandardCharsets.UTF_8));
        loop.runUntilIdle();
        ByteString id = a.messages().map(StrictSign::messageId).findFirst().orElseThrow();
        a.clear();

        for (int i = 0; i < 5; i++) {
            inject(a, ControlMessage.newBuilder().addIwant(ControlIWant.newBuilder().addMessageIDs(id)));
        }
        assertEquals(GossipConfig.defaults().gossipRetransmission(), a.messages().count());
    }

    @Test
    void messagesLeaveTheCacheAfterTheHistoryLength() {
        ScriptedPeer a = peer(10);
        joinAndBuildMesh();
        router.publish(TOPIC, "old".getBytes(StandardCharsets.UTF_8));
        loop.runUntilIdle();
        ByteString id = a.messages().map(StrictSign::messageId).findFirst().orElseThrow();
        loop.advance(HEARTBEAT.multipliedBy(GossipConfig.defaults().historyLength()));
        a.clear();
        inject(a, ControlMessage.newBuilder().addIwant(ControlIWant.newBuilder().addMessageIDs(id)));
        assertEquals(0, a.messages().count());
    }

    @Test
    void heartbeatSendsIhaveToPeersOutsideTheMeshOnly() {
        List<ScriptedPeer> peers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            peers.add(peer(10 + i));
        }
        joinAndBuildMesh();
        Set<PeerId> mesh = mesh();
        Message message = signed("gossip me", 1);
        injectMessage(peers.get(0), message);
        peers.forEach(ScriptedPeer::clear);

        loop.advance(HEARTBEAT);

        Set<PeerId> advertisedTo = new java.util.HashSet<>();
        for (ScriptedPeer peer : peers) {
            List<ControlIHave> ihaves = peer.controls().flatMap(c -> c.getIhaveList().stream()).toList();
            if (!ihaves.isEmpty()) {
                advertisedTo.add(peer.id);
                assertEquals(List.of(StrictSign.messageId(message)), ihaves.get(0).getMessageIDsList());
            }
        }
        assertFalse(advertisedTo.isEmpty());
        for (PeerId peer : advertisedTo) {
            assertFalse(mesh.contains(peer), "mesh peers already have the message");
        }
    }

    @Test
    void graftForATopicNotJoinedIsPrunedWithoutBackoff() {
        ScriptedPeer a = peer(10);
        inject(a, ControlMessage.newBuilder().addGraft(ControlGraft.newBuilder().setTopicID("other")));
        List<ControlPrune> prunes = a.controls().flatMap(c -> c.getPruneList().stream()).toList();
        assertEquals(1, prunes.size());
        assertEquals("other", prunes.get(0).getTopicID());
        assertFalse(prunes.get(0).hasBackoff());
        assertTrue(penalties.isEmpty());
    }

    @Test
    void graftIsAcceptedIntoTheMesh() {
        router.subscribe(TOPIC);
        loop.runUntilIdle();
        ScriptedPeer a = peer(10);
        inject(a, ControlMessage.newBuilder().addGraft(ControlGraft.newBuilder().setTopicID(TOPIC)));
        assertEquals(Set.of(a.id), mesh());
    }

    @Test
    void graftArrivingBeforeOurOutboundStreamKeepsThePeerInTheMesh() {
        router.subscribe(TOPIC);
        loop.runUntilIdle();
        ScriptedPeer early = new ScriptedPeer(10, PubsubProtocols.MESHSUB_V11);
        inject(early, RPC.newBuilder()
                .addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(true).setTopicid(TOPIC))
                .setControl(ControlMessage.newBuilder().addGraft(ControlGraft.newBuilder().setTopicID(TOPIC)))
                .build());
        loop.advance(HEARTBEAT);
        assertEquals(Set.of(early.id), mesh());

        router.peerConnected(early);
        loop.runUntilIdle();
        ScriptedPeer other = peer(11);
        other.clear();
        injectMessage(other, signed("x", 1));
        assertEquals(1, early.messages().count(), "relayed through the mesh once the link is up");
    }

    @Test
    void prunedPeerIsNotGraftedAgainUntilItsBackoffEnds() {
        ScriptedPeer a = peer(10);
        joinAndBuildMesh();
        inject(a, ControlMessage.newBuilder().addPrune(ControlPrune.newBuilder().setTopicID(TOPIC).setBackoff(30)));
        assertTrue(mesh().isEmpty());
        a.clear();

        loop.advance(Duration.ofSeconds(29));
        assertFalse(a.wasGrafted(TOPIC), "backed off for 30 s");
        loop.advance(Duration.ofSeconds(2));
        assertTrue(a.wasGrafted(TOPIC), "grafted again once the backoff ended");
    }

    @Test
    void graftDuringBackoffIsRefusedAndPenalisedAsSpam() {
        ScriptedPeer a = peer(10);
        joinAndBuildMesh();
        inject(a, ControlMessage.newBuilder().addPrune(ControlPrune.newBuilder().setTopicID(TOPIC).setBackoff(60)));
        a.clear();

        inject(a, ControlMessage.newBuilder().addGraft(ControlGraft.newBuilder().setTopicID(TOPIC)));

        assertTrue(mesh().isEmpty());
        List<ControlPrune> prunes = a.controls().flatMap(c -> c.getPruneList().stream()).toList();
        assertEquals(1, prunes.size());
        assertEquals(60, prunes.get(0).getBackoff());
        assertEquals(PenaltyReason.SPAM, penalties.get(0).reason());
        assertEquals("spam", penalties.get(0).reason().banReason());
    }

    @Test
    void fullMeshRefusesFurtherGrafts() {
        router.subscribe(TOPIC);
        loop.runUntilIdle();
        int dHi = GossipConfig.defaults().dHi();
        List<ScriptedPeer> peers = new ArrayList<>();
        for (int i = 0; i <= dHi; i++) {
            ScriptedPeer p = peer(10 + i);
            peers.add(p);
            inject(p, ControlMessage.newBuilder().addGraft(ControlGraft.newBuilder().setTopicID(TOPIC)));
        }
        assertEquals(dHi, mesh().size());
        assertFalse(mesh().contains(peers.get(dHi).id));
        assertEquals(1, peers.get(dHi).controls().filter(c -> c.getPruneCount() > 0).count());
    }

    @Test
    void unsubscribingPrunesTheMeshWithTheUnsubscribeBackoff() {
        ScriptedPeer a = peer(10);
        joinAndBuildMesh();
        a.clear();
        router.unsubscribe(TOPIC);
        loop.runUntilIdle();

        assertTrue(a.received.stream().flatMap(r -> r.getSubscriptionsList().stream())
                .anyMatch(s -> !s.getSubscribe() && s.getTopicid().equals(TOPIC)));
        List<ControlPrune> prunes = a.controls().flatMap(c -> c.getPruneList().stream()).toList();
        assertEquals(GossipConfig.defaults().unsubscribeBackoff().toSeconds(), prunes.get(0).getBackoff());
    }

    @Test
    void floodsubPeerGetsMessagesButNoControl() {
        ScriptedPeer flood = peer(10, PubsubProtocols.FLOODSUB);
        ScriptedPeer gossip = peer(11);
        joinAndBuildMesh();
        injectMessage(gossip, signed("x", 1));
        loop.advance(HEARTBEAT.multipliedBy(3));

        assertEquals(1, flood.messages().count());
        assertEquals(0, flood.controls().count());
        assertEquals(Set.of(gossip.id), mesh());
    }

    @Test
    void fullOutboundQueueDropsAndCountsInsteadOfBlocking() {
        router = newRouter(GossipConfig.defaults().withMaxOutboundQueue(4));
        ScriptedPeer slow = peer(10);
        joinAndBuildMesh();
        slow.clear();
        slow.holdFrames = true;

        for (int i = 0; i < 10; i++) {
            router.publish(TOPIC, new byte[] {(byte) i});
        }
        loop.runUntilIdle();

        assertEquals(4, slow.messages().count());
        assertEquals(6, router.counters().outboundDropped());
        assertEquals(10, deliveries.size(), "local delivery is unaffected by a slow peer");
    }

    @Test
    void ownPublishCompletesOnlyOnceItsFramesAreWritten() {
        ScriptedPeer fast = peer(10);
        ScriptedPeer slow = peer(11);
        joinAndBuildMesh();
        slow.holdFrames = true;

        var held = router.publish(TOPIC, new byte[] {1});
        loop.runUntilIdle();
        assertEquals(1, slow.messages().count(), "the frame was queued to the slow peer");
        assertTrue(fast.messages().findAny().isPresent());
        assertFalse(held.isDone(), "publish completed while a frame was still waiting to be written");

        slow.holdFrames = false;
        slow.clear();
        var written = router.publish(TOPIC, new byte[] {2});
        loop.runUntilIdle();
        assertTrue(written.isDone(), "publish did not complete once every frame was written");
    }

    private Message signedBytes(int size, long seqno) {
        return StrictSign.sign(author, TOPIC, new byte[size], seqno);
    }

    private static long idontwantsFor(ScriptedPeer peer, Message message) {
        ByteString id = StrictSign.messageId(message);
        return peer.controls().flatMap(c -> c.getIdontwantList().stream())
                .filter(i -> i.getMessageIDsList().contains(id)).count();
    }

    @Test
    void largeMessageIsAnnouncedWithIdontwantToV12MeshPeersButTheSender() {
        ScriptedPeer sender = peer(10, PubsubProtocols.MESHSUB_V12);
        ScriptedPeer other = peer(11, PubsubProtocols.MESHSUB_V12);
        ScriptedPeer old = peer(12, PubsubProtocols.MESHSUB_V11);
        joinAndBuildMesh();
        Message large = signedBytes(GossipRouter.IDONTWANT_MIN_BYTES, 1);
        Message small = signedBytes(GossipRouter.IDONTWANT_MIN_BYTES - 1, 2);

        injectMessage(sender, large);
        injectMessage(sender, small);

        assertEquals(1, idontwantsFor(other, large));
        assertEquals(0, idontwantsFor(sender, large), "the sender has it already");
        assertEquals(0, idontwantsFor(old, large), "a v1.1 peer does not know IDONTWANT");
        assertEquals(0, idontwantsFor(other, small), "small messages are not worth a control message");
        assertEquals(1, router.counters().idontwantSent());
    }

    @Test
    void forgedLargeMessageIsNotAnnouncedWithIdontwant() {
        ScriptedPeer sender = peer(10, PubsubProtocols.MESHSUB_V12);
        ScriptedPeer other = peer(11, PubsubProtocols.MESHSUB_V12);
        joinAndBuildMesh();
        Message forged = signedBytes(4096, 1).toBuilder().setData(ByteString.copyFrom(new byte[4096]).concat(
                ByteString.copyFrom(new byte[] {1}))).build();

        injectMessage(sender, forged);

        assertEquals(0, idontwantsFor(other, forged), "a forged copy must not stop the genuine one reaching us");
        assertEquals(0, router.counters().idontwantSent());
    }

    @Test
    void peerThatSaidIdontwantIsSkippedWhenRelaying() {
        ScriptedPeer sender = peer(10, PubsubProtocols.MESHSUB_V12);
        ScriptedPeer has = peer(11, PubsubProtocols.MESHSUB_V12);
        ScriptedPeer lacks = peer(12, PubsubProtocols.MESHSUB_V12);
        joinAndBuildMesh();
        Message large = signedBytes(2048, 1);
        inject(has, ControlMessage.newBuilder().addIdontwant(
                ControlIDontWant.newBuilder().addMessageIDs(StrictSign.messageId(large))));
        has.clear();
        lacks.clear();

        injectMessage(sender, large);

        assertEquals(0, has.messages().count());
        assertEquals(1, lacks.messages().count());
        assertEquals(1, router.counters().idontwantSaved());
    }

    @Test
    void idontwantIsForgottenAfterItsHeartbeatsAndCappedPerHeartbeat() {
        ScriptedPeer sender = peer(10, PubsubProtocols.MESHSUB_V12);
        ScriptedPeer peer = peer(11, PubsubProtocols.MESHSUB_V12);
        joinAndBuildMesh();
        Message late = signedBytes(2048, 1);
        ControlIDontWant.Builder flood = ControlIDontWant.newBuilder();
        for (int i = 0; i < GossipRouter.MAX_IDONTWANT_IDS; i++) {
            flood.addMessageIDs(ByteString.copyFromUtf8("filler-" + i));
        }
        flood.addMessageIDs(StrictSign.messageId(late)); // one past the cap: ignored
        inject(peer, ControlMessage.newBuilder().addIdontwant(flood));
        peer.clear();

        injectMessage(sender, late);
        assertEquals(1, peer.messages().count(), "the id beyond the per-heartbeat cap was honoured");

        Message expiring = signedBytes(2048, 2);
        loop.advance(HEARTBEAT); // a new heartbeat: the cap starts again
        inject(peer, ControlMessage.newBuilder().addIdontwant(
                ControlIDontWant.newBuilder().addMessageIDs(StrictSign.messageId(expiring))));
        for (int i = 0; i <= GossipRouter.IDONTWANT_TTL_HEARTBEATS; i++) {
            loop.advance(HEARTBEAT);
        }
        peer.clear();
        injectMessage(sender, expiring);
        assertEquals(1, peer.messages().count(), "an IDONTWANT older than its heartbeats still held");
        assertTrue(penalties.isEmpty(), "IDONTWANT beyond the cap is ignored, not penalised: " + penalties);
    }

    @Test
    void disconnectedPeerLeavesMeshAndTopic() {
        ScriptedPeer a = peer(10);
        ScriptedPeer b = peer(11);
        joinAndBuildMesh();
        router.peerDisconnected(a.id);
        loop.runUntilIdle();
        assertEquals(Set.of(b.id), mesh());
        var topicPeers = router.topicPeers(TOPIC);
        loop.runUntilIdle();
        assertEquals(Set.of(b.id), topicPeers.join());
    }

    @Test
    void subscriptionFloodIsCappedAndPenalisedAsSpam() {
        ScriptedPeer a = peer(10);
        RPC.Builder flood = RPC.newBuilder();
        for (int i = 0; i < GossipRouter.MAX_TOPICS_PER_PEER + 10; i++) {
            flood.addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(true).setTopicid("t" + i));
        }
        inject(a, flood.build());
        var lastTopic = router.topicPeers("t" + (GossipRouter.MAX_TOPICS_PER_PEER + 5));
        loop.runUntilIdle();
        assertTrue(lastTopic.join().isEmpty());
        assertEquals(1, penalties.size(), "one penalty per offending RPC");
        assertEquals(PenaltyReason.SPAM, penalties.get(0).reason());
    }

    @Test
    void handlerExceptionIsCountedAndDoesNotStopTheRouter() {
        ScriptedPeer a = peer(10);
        joinAndBuildMesh();
        router.setTopicHandler(TOPIC, (data, from) -> {
            throw new IllegalStateException("handler bug");
        });
        injectMessage(a, signed("1", 1));
        router.setTopicHandler(TOPIC, (data, from) -> deliveries.add(new Delivery(new String(data,
                StandardCharsets.UTF_8), from)));
        injectMessage(a, signed("2", 2));
        assertEquals(1, router.counters().handlerErrors());
        assertEquals(List.of("2"), deliveries.stream().map(Delivery::data).collect(Collectors.toList()));
    }
}
