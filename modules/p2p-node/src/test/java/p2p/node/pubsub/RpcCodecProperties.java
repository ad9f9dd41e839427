package p2p.node.pubsub;

import com.google.protobuf.ByteString;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import p2p.common.wire.ProtocolException;
import p2p.node.pubsub.pb.PubsubProto.ControlIHave;
import p2p.node.pubsub.pb.PubsubProto.ControlMessage;
import p2p.node.pubsub.pb.PubsubProto.ControlPrune;
import p2p.node.pubsub.pb.PubsubProto.Message;
import p2p.node.pubsub.pb.PubsubProto.RPC;
import p2p.testkit.fuzz.Hostile;

/**
 * Hostile-input property of pubsub RPC frames (libp2p/specs pubsub/README.md, "The RPC"; gossipsub control
 * messages): one frame payload gives an RPC or a {@link ProtocolException}, allocating at most a few times its
 * length (the frame itself is bounded by the stream's {@code maxFrameBytes}).
 */
class RpcCodecProperties {

    @Property(tries = 5000)
    void rpcFrame(@ForAll("frames") byte[] bytes) {
        Hostile.decode("RpcCodec.decode", 16L * bytes.length + 64 * 1024, List.of(ProtocolException.class),
                () -> RpcCodec.decode(bytes, RpcCodec.DEFAULT_MAX_FRAME_BYTES));
    }

    @Provide
    Arbitrary<byte[]> frames() {
        Arbitrary<String> topics = Arbitraries.of("teranode-block", "teranode-subtree", "x", "");
        Arbitrary<ByteString> blobs = Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(ByteString::copyFrom);
        Arbitrary<Message> messages = Combinators.combine(topics, blobs, blobs, blobs).as((t, from, data, seq) ->
                Message.newBuilder().setTopic(t).setFrom(from).setData(data).setSeqno(seq).build());
        Arbitrary<ControlMessage> controls = Combinators.combine(topics, blobs.list().ofMaxSize(3),
                Arbitraries.longs().between(0, 600)).as((t, ids, backoff) -> ControlMessage.newBuilder()
                        .addIhave(ControlIHave.newBuilder().setTopicID(t).addAllMessageIDs(ids))
                        .addPrune(ControlPrune.newBuilder().setTopicID(t).setBackoff(backoff))
                        .build());
        Arbitrary<RPC> rpcs = Combinators.combine(topics, messages.list().ofMaxSize(3), controls.optional())
                .as((t, published, control) -> {
                    RPC.Builder b = RPC.newBuilder()
                            .addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(true).setTopicid(t))
                            .addAllPublish(published);
                    control.ifPresent(b::setControl);
                    return b.build();
                });
        return Hostile.hostile(rpcs.map(RpcCodec::encode), 400);
    }
}
