package p2p.node.pubsub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import p2p.common.wire.ProtocolException;
import p2p.node.pubsub.pb.PubsubProto.ControlGraft;
import p2p.node.pubsub.pb.PubsubProto.ControlIHave;
import p2p.node.pubsub.pb.PubsubProto.ControlIWant;
import p2p.node.pubsub.pb.PubsubProto.ControlMessage;
import p2p.node.pubsub.pb.PubsubProto.ControlPrune;
import p2p.node.pubsub.pb.PubsubProto.Message;
import p2p.node.pubsub.pb.PubsubProto.PeerInfo;
import p2p.node.pubsub.pb.PubsubProto.RPC;

/** The RPC codec against hand-assembled bytes of the spec's rpc.proto, round trips, then hostile input. */
class RpcCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final int LIMIT = RpcCodec.DEFAULT_MAX_FRAME_BYTES;

    @Test
    void subscriptionUsesSpecFieldNumbers() {
        // RPC.subscriptions = 1 (len), SubOpts.subscribe = 1 (varint), SubOpts.topicid = 2 (len)
        RPC rpc = RPC.newBuilder()
                .addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(true).setTopicid("t"))
                .build();
        assertEquals("0a050801120174", HEX.formatHex(RpcCodec.encode(rpc)));
        assertEquals(rpc, RpcCodec.decode(HEX.parseHex("0a050801120174"), LIMIT));
    }

    @Test
    void messageUsesSpecFieldNumbers() {
        // Message: from 1, data 2, seqno 3, topic 4, signature 5, key 6; RPC.publish = 2
        Message message = Message.newBuilder()
                .setFrom(ByteString.copyFrom(new byte[] {(byte) 0xaa}))
                .setData(ByteString.copyFrom(new byte[] {(byte) 0xbb}))
                .setSeqno(ByteString.copyFrom(HEX.parseHex("0001020304050607")))
                .setTopic("t")
                .setSignature(ByteString.copyFrom(new byte[] {(byte) 0xcc}))
                .setKey(ByteString.copyFrom(new byte[] {(byte) 0xdd}))
                .build();
        String body = "0a01aa" + "1201bb" + "1a080001020304050607" + "220174" + "2a01cc" + "3201dd";
        assertEquals(body, HEX.formatHex(message.toByteArray()));
        RPC rpc = RPC.newBuilder().addPublish(message).build();
        assertEquals("12" + String.format("%02x", body.length() / 2) + body, HEX.formatHex(RpcCodec.encode(rpc)));
    }

    @Test
    void controlMessagesUseSpecFieldNumbers() {
        // RPC.control = 3; ControlMessage: ihave 1, iwant 2, graft 3, prune 4; PRUNE: topic 1, peers 2, backoff 3
        RPC rpc = RPC.newBuilder().setControl(ControlMessage.newBuilder()
                .addIhave(ControlIHave.newBuilder().setTopicID("t").addMessageIDs(ByteString.copyFrom(new byte[] {1, 2})))
                .addIwant(ControlIWant.newBuilder().addMessageIDs(ByteString.copyFrom(new byte[] {3})))
                .addGraft(ControlGraft.newBuilder().setTopicID("t"))
                .addPrune(ControlPrune.newBuilder().setTopicID("t")
                        .addPeers(PeerInfo.newBuilder().setPeerID(ByteString.copyFrom(new byte[] {9})))
                        .setBackoff(60)))
                .build();
        String ihave = "0a07" + "0a0174" + "12020102";
        String iwant = "1203" + "0a0103";
        String graft = "1a03" + "0a0174";
        String prune = "220a" + "0a0174" + "1203" + "0a0109" + "183c";
        String control = ihave + iwant + graft + prune;
        assertEquals("1a" + String.format("%02x", control.length() / 2) + control,
                HEX.formatHex(RpcCodec.encode(rpc)));
        assertEquals(rpc, RpcCodec.decode(RpcCodec.encode(rpc), LIMIT));
    }

    @Test
    void frameIsPrefixedWithVarintLength() {
        RPC rpc = RPC.newBuilder().addPublish(Message.newBuilder().setTopic("t")
                .setData(ByteString.copyFrom(new byte[297]))).build();
        byte[] body = RpcCodec.encode(rpc);
        byte[] frame = RpcCodec.encodeFrame(rpc);
        assertEquals(300 + 6, body.length);
        // 306 = 0b1_0011_0010 -> b2 02
        assertEquals("b202", HEX.formatHex(frame, 0, 2));
        assertArrayEquals(body, Arrays.copyOfRange(frame, 2, frame.length));
    }

    @Test
    void randomRpcsRoundTrip() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            RPC rpc = randomRpc(random);
            assertEquals(rpc, RpcCodec.decode(RpcCodec.encode(rpc), LIMIT));
        }
    }

    @Test
    void garbageIsAProtocolException() {
        assertThrows(ProtocolException.class, () -> RpcCodec.decode(HEX.parseHex("ffffffffffffffffffffff"), LIMIT));
    }

    @Test
    void truncatedProtobufIsAProtocolException() {
        byte[] whole = RpcCodec.encode(RPC.newBuilder()
                .addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(true).setTopicid("block")).build());
        for (int cut = 1; cut < whole.length; cut++) {
            byte[] truncated = Arrays.copyOf(whole, cut);
            assertThrows(ProtocolException.class, () -> RpcCodec.decode(truncated, LIMIT), "cut at " + cut);
        }
    }

    @Test
    void invalidWireTypeIsAProtocolException() {
        // field 1 with wire type 7 (does not exist)
        assertThrows(ProtocolException.class, () -> RpcCodec.decode(new byte[] {0x0f, 0x00}, LIMIT));
    }

    @Test
    void lengthBeyondPayloadIsAProtocolException() {
        // subscriptions field claiming 100 bytes with 2 present
        assertThrows(ProtocolException.class, () -> RpcCodec.decode(HEX.parseHex("0a640801"), LIMIT));
    }

    @Test
    void oversizedPayloadIsRejectedNamingTheLimit() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> RpcCodec.decode(new byte[2048], 1024));
        assertTrue(e.getMessage().contains("1024"), e.getMessage());
    }

    private static RPC randomRpc(SplittableRandom random) {
        RPC.Builder rpc = RPC.newBuilder();
        for (int i = random.nextInt(3); i > 0; i--) {
            rpc.addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(random.nextBoolean())
                    .setTopicid("topic-" + random.nextInt(100)));
        }
        for (int i = random.nextInt(3); i > 0; i--) {
            rpc.addPublish(Message.newBuilder().setFrom(bytes(random, 38)).setData(bytes(random, random.nextInt(500)))
                    .setSeqno(bytes(random, 8)).setTopic("topic-" + random.nextInt(100))
                    .setSignature(bytes(random, 64)));
        }
        if (random.nextBoolean()) {
            rpc.setControl(ControlMessage.newBuilder()
                    .addIhave(ControlIHave.newBuilder().setTopicID("x").addMessageIDs(bytes(random, 46)))
                    .addIwant(ControlIWant.newBuilder().addMessageIDs(bytes(random, 46)))
                    .addGraft(ControlGraft.newBuilder().setTopicID("y"))
                    .addPrune(ControlPrune.newBuilder().setTopicID("z").setBackoff(random.nextInt(1000))));
        }
        return rpc.build();
    }

    private static ByteString bytes(SplittableRandom random, int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return ByteString.copyFrom(out);
    }
}
