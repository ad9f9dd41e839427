package p2p.kafka;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import p2p.kafka.message.KafkaBlockTopicMessage;
import p2p.kafka.message.KafkaInvalidBlockTopicMessage;
import p2p.kafka.message.KafkaInvalidSubtreeTopicMessage;
import p2p.kafka.message.KafkaRejectedTxTopicMessage;
import p2p.kafka.message.KafkaSubtreeTopicMessage;
import p2p.testkit.fuzz.Hostile;

import java.util.List;

/**
 * Hostile-input properties of what this node reads from Kafka (spec teranode-p2p section 4): each topic's protobuf,
 * through {@link ProtobufHandler} as the consumers use it, is handed on decoded or rejected with a
 * {@link MessageRejectedException}, allocating at most a few times the value ({@link ProtobufHandler}'s stated
 * bound); and the Kafka URL and Go duration settings give a value or their own exception.
 */
class KafkaProperties {

    private static long cap(byte[] value) {
        return 16L * value.length + 64 * 1024;
    }

    private static <T extends MessageLite> void handle(String what, Parser<T> parser, byte[] value) {
        ProtobufHandler<T> handler = ProtobufHandler.of(parser, message -> message.toByteArray());
        Hostile.decode(what, cap(value), List.of(MessageRejectedException.class), () -> {
            handler.handle(value);
            return null;
        });
    }

    @Property(tries = 3000)
    void rejectedTx(@ForAll("rejectedTxs") byte[] value) {
        handle("KafkaRejectedTxTopicMessage", KafkaRejectedTxTopicMessage.parser(), value);
    }

    @Property(tries = 3000)
    void invalidBlock(@ForAll("invalidBlocks") byte[] value) {
        handle("KafkaInvalidBlockTopicMessage", KafkaInvalidBlockTopicMessage.parser(), value);
    }

    @Property(tries = 2000)
    void invalidSubtree(@ForAll("invalidSubtrees") byte[] value) {
        handle("KafkaInvalidSubtreeTopicMessage", KafkaInvalidSubtreeTopicMessage.parser(), value);
    }

    @Property(tries = 2000)
    void block(@ForAll("blocks") byte[] value) {
        handle("KafkaBlockTopicMessage", KafkaBlockTopicMessage.parser(), value);
        handle("KafkaSubtreeTopicMessage", KafkaSubtreeTopicMessage.parser(), value);
    }

    @Property(tries = 5000)
    void kafkaUrlSetting(@ForAll("urls") String text) {
        Hostile.decode("KafkaUrl.parse", 64L * text.length() + 64 * 1024, List.of(KafkaConfigException.class),
                () -> KafkaUrl.parse("kafka_blocksConfig", text));
    }

    @Property(tries = 5000)
    void goDuration(@ForAll("durations") String text) {
        Hostile.decode("GoDuration.parse", 64L * text.length() + 64 * 1024, List.of(IllegalArgumentException.class),
                () -> p2p.common.time.GoDuration.parse(text));
    }

    private static Arbitrary<String> texts() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30), Arbitraries.strings().withCharRange('0', 'f')
                .ofLength(64));
    }

    @Provide
    Arbitrary<byte[]> rejectedTxs() {
        return Hostile.hostile(Combinators.combine(texts(), texts(), texts()).as((a, b, c) ->
                KafkaRejectedTxTopicMessage.newBuilder().setTxHash(a).setReason(b).setPeerId(c).build().toByteArray()), 300);
    }

    @Provide
    Arbitrary<byte[]> invalidBlocks() {
        return Hostile.hostile(Combinators.combine(texts(), texts()).as((a, b) -> KafkaInvalidBlockTopicMessage
                .newBuilder().setBlockHash(a).setReason(b).build().toByteArray()), 300);
    }

    @Provide
    Arbitrary<byte[]> invalidSubtrees() {
        return Hostile.hostile(Combinators.combine(texts(), texts(), texts()).as((a, b, c) ->
                KafkaInvalidSubtreeTopicMessage.newBuilder().setSubtreeHash(a).setPeerUrl(b).setReason(c).build()
                        .toByteArray()), 300);
    }

    @Provide
    Arbitrary<byte[]> blocks() {
        return Hostile.hostile(Combinators.combine(texts(), texts(), texts()).as((a, b, c) -> KafkaBlockTopicMessage
                .newBuilder().setHash(a).setURL(b).setPeerId(c).build().toByteArray()), 300);
    }

    @Provide
    Arbitrary<String> urls() {
        Arbitrary<String> valid = Combinators.combine(Arbitraries.of("kafka", "memory"),
                Arbitraries.of("localhost:9092", "k1:9092,k2:9093", "[::1]:9092", "broker"),
                Arbitraries.of("blocks", "rejectedtx"), Arbitraries.integers().between(1, 64),
                Arbitraries.of("", "&retention=-1", "&flush_frequency=1s", "&replay=0&consumer_ratio=2"))
                .as((scheme, hosts, topic, parts, extra) -> scheme + "://" + hosts + "/" + topic
                        + "?partitions=" + parts + "&replication=1" + extra);
        return Hostile.hostileText(valid, 120);
    }

    @Provide
    Arbitrary<String> durations() {
        return Hostile.hostileText(Arbitraries.of("1s", "500ms", "1m30s", "1.5h", "10us", "3µs", "0s",
                "9223372036854775807ns", "99999999999h"), 40);
    }
}
