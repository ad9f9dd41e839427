package p2p.node.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import p2p.common.wire.ProtocolException;
import p2p.node.crypto.PeerId;
import p2p.node.host.PeerRecord;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.pubsub.pb.PubsubProto.ControlMessage;
import p2p.node.pubsub.pb.PubsubProto.ControlPrune;
import p2p.node.pubsub.pb.PubsubProto.PeerInfo;
import p2p.node.pubsub.pb.PubsubProto.RPC;
import p2p.node.record.EnvelopeCodec;
import p2p.node.record.PeerRecordCodec;
import p2p.node.record.RecordException;

/** PRUNE peer-exchange entries: the spec's field numbers, a round trip through RpcCodec, and hostile entries. */
class PxCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private final Ed25519Identity owner = Ed25519Identity.fromSeed(3);

    private byte[] record(long seq) {
        return EnvelopeCodec.encode(PeerRecordCodec.seal(new PeerRecord(owner.id(), seq, List.of(Multiaddr.parse("/ip4/1.2.3.4/tcp/9905"))), owner.key()));
    }

    @Test
    void peerInfoUsesSpecFieldNumbers() {
        // PeerInfo: peerID = 1 (len), signedPeerRecord = 2 (len)
        PeerInfo info = PxCodec.encode(owner.id(), Optional.of(new byte[] {(byte) 0xee}));
        byte[] id = owner.id().toBytes();
        assertEquals("0a" + String.format("%02x", id.length) + HEX.formatHex(id) + "1201ee",
                HEX.formatHex(info.toByteArray()));
        assertTrue(!PxCodec.encode(owner.id(), Optional.empty()).hasSignedPeerRecord(), "id alone without a record");
    }

    @Test
    void aPruneWithPxRoundTripsThroughTheRpcCodecAndItsRecordVerifies() {
        RPC rpc = RPC.newBuilder().setControl(ControlMessage.newBuilder().addPrune(ControlPrune.newBuilder()
                .setTopicID("t").setBackoff(60).addPeers(PxCodec.encode(owner.id(), Optional.of(record(7))))))
                .build();
        RPC back = RpcCodec.decode(RpcCodec.encode(rpc), RpcCodec.DEFAULT_MAX_FRAME_BYTES);

        PxCandidate candidate = PxCodec.decode(back.getControl().getPrune(0).getPeers(0));
        assertEquals(owner.id(), candidate.peer());
        assertEquals(7, candidate.record().orElseThrow().seq());
    }

    @Test
    void aTruncatedPeerInfoMakesTheWholeRpcMalformed() {
        byte[] frame = RpcCodec.encode(RPC.newBuilder().setControl(ControlMessage.newBuilder().addPrune(
                ControlPrune.newBuilder().setTopicID("t").addPeers(PxCodec.encode(owner.id(),
                        Optional.of(record(1)))))).build());
        byte[] truncated = java.util.Arrays.copyOf(frame, frame.length - 5);
        // The router drops (and scores) a peer whose RPC does not parse; see GossipRouterTest.
        assertThrows(ProtocolException.class, () -> RpcCodec.decode(truncated, RpcCodec.DEFAULT_MAX_FRAME_BYTES));
    }

    @Test
    void eachBadEntryIsNamed() {
        PeerId id = owner.id();
        assertTrue(assertThrows(RecordException.class, () -> PxCodec.decode(PeerInfo.newBuilder().build()))
                .getMessage().contains("without peerID"));
        assertTrue(assertThrows(RecordException.class, () -> PxCodec.decode(PeerInfo.newBuilder()
                .setPeerID(ByteString.copyFromUtf8("nope")).build())).getMessage().contains("malformed peerID"));
        assertTrue(assertThrows(RecordException.class, () -> PxCodec.decode(PxCodec.encode(id,
                Optional.of(new byte[PxCodec.MAX_RECORD_BYTES + 1])))).getMessage().contains("over the limit"));
        assertTrue(assertThrows(RecordException.class, () -> PxCodec.decode(PxCodec.encode(id,
                Optional.of(new byte[] {1, 2, 3})))).getMessage().startsWith("PX record of " + id));
        PeerId other = Ed25519Identity.fromSeed(4).id();
        assertTrue(assertThrows(RecordException.class, () -> PxCodec.decode(PxCodec.encode(other,
                Optional.of(record(1))))).getMessage().contains("carries the record of " + id));
    }

    @Test
    void aListOverTheCapIsCutAndCountedNotVerified() {
        List<PeerInfo> many = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // Garbage records: had they been verified, each would count as rejected.
            many.add(PxCodec.encode(Ed25519Identity.fromSeed(100 + i).id(), Optional.of(new byte[] {9})));
        }
        PxCodec.Decoded decoded = PxCodec.decode(many, 16, new SplittableRandom(1));
        assertEquals(24, decoded.overCap());
        assertEquals(16, decoded.rejected());
        assertTrue(decoded.candidates().isEmpty());
    }
}
