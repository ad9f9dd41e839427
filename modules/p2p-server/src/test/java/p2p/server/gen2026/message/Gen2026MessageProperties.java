package p2p.server.gen2026.message;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import p2p.server.message.MalformedMessageException;
import p2p.testkit.fuzz.Hostile;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Hostile-input properties of the 2026 gossip messages (spec teranode-2026 1.1 and 2): the go-p2p-message-bus
 * envelope and each payload codec, on mutated encodings of our own messages (payloads also mutated inside a valid
 * envelope, as a peer would send them), random bytes and deep nesting. Each gives a value or a
 * {@link MalformedMessageException}; allocation is bounded by a few times the input.
 */
class Gen2026MessageProperties {

    private static final List<Class<? extends Throwable>> OWN = List.of(MalformedMessageException.class);
    private static final String PEER = "12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo";

    private static long cap(byte[] input) {
        return 32L * input.length + 64 * 1024;
    }

    @Property(tries = 5000)
    void envelope(@ForAll("envelopes") byte[] bytes) {
        Hostile.decode("Envelope.decode", cap(bytes), OWN, () -> Envelope.decode(bytes));
    }

    @Property(tries = 3000)
    void block(@ForAll("blocks") byte[] bytes) {
        Hostile.decode("BlockMessage.decode", cap(bytes), OWN, () -> BlockMessage.decode(bytes));
    }

    @Property(tries = 3000)
    void subtree(@ForAll("subtrees") byte[] bytes) {
        Hostile.decode("SubtreeMessage.decode", cap(bytes), OWN, () -> SubtreeMessage.decode(bytes));
    }

    @Property(tries = 3000)
    void rejectedTx(@ForAll("rejectedTxs") byte[] bytes) {
        Hostile.decode("RejectedTxMessage.decode", cap(bytes), OWN, () -> RejectedTxMessage.decode(bytes));
    }

    @Property(tries = 3000)
    void nodeStatus(@ForAll("nodeStatuses") byte[] bytes) {
        Hostile.decode("NodeStatusMessage.decode", cap(bytes), OWN, () -> NodeStatusMessage.decode(bytes));
    }

    /** A mutated payload inside a valid envelope: the envelope opens, the payload decoder is then the judge. */
    @Property(tries = 3000)
    void payloadInsideEnvelope(@ForAll("wrappedNodeStatuses") byte[] bytes) {
        Hostile.decode("Envelope + NodeStatusMessage", cap(bytes), OWN,
                () -> NodeStatusMessage.decode(Envelope.decode(bytes).payload()));
    }

    static Arbitrary<String> texts() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20),
                Arbitraries.of("", "https://a.example", "é<&>"));
    }

    static Arbitrary<String> hashes() {
        return Arbitraries.strings().withChars("0123456789abcdef").ofLength(64);
    }

    @Provide
    Arbitrary<byte[]> envelopes() {
        Arbitrary<byte[]> deep = Arbitraries.integers().between(1, 12_000).map(n ->
                ("{\"name\":\"x\",\"data\":" + "[".repeat(n) + "]".repeat(n) + "}").getBytes(StandardCharsets.UTF_8));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, Hostile.hostile(
                Combinators.combine(texts(), Arbitraries.bytes().array(byte[].class).ofMaxSize(60))
                        .as((name, data) -> Envelope.wrap(name, data).encode()), 300)),
                net.jqwik.api.Tuple.of(1, deep));
    }

    @Provide
    Arbitrary<byte[]> blocks() {
        return Hostile.hostile(Combinators.combine(texts(), hashes(), Arbitraries.longs().between(0, 0xFFFF_FFFFL))
                .as((text, hash, h) -> new BlockMessage(PEER, text, text, hash, h, hash + hash, text).encode()), 400);
    }

    @Provide
    Arbitrary<byte[]> subtrees() {
        return Hostile.hostile(Combinators.combine(texts(), hashes())
                .as((text, hash) -> new SubtreeMessage(PEER, text, text, hash).encode()), 300);
    }

    @Provide
    Arbitrary<byte[]> rejectedTxs() {
        return Hostile.hostile(Combinators.combine(texts(), hashes())
                .as((text, tx) -> new RejectedTxMessage(PEER, text, tx, text).encode()), 300);
    }

    private static Arbitrary<NodeStatusMessage> statuses() {
        return Combinators.combine(texts(), hashes(), Arbitraries.longs().between(0, 0xFFFF_FFFFL),
                Arbitraries.of(true, false)).as((text, hash, h, withFee) -> new NodeStatusMessage(PEER, text,
                        "node_status", "https://a.example", "", "v0.16.0", "a58cd32e7", hash, h, 0, 0, "RUNNING",
                        1_767_225_600L, 12.5, text, "full", "", "", 0, "", 0,
                        withFee ? OptionalDouble.of(0.5) : OptionalDouble.empty(),
                        withFee ? Optional.of(new FeePolicy(1, 1000, 10_000, 1_000_000, 4000)) : Optional.empty(),
                        3, "full"));
    }

    @Provide
    Arbitrary<byte[]> nodeStatuses() {
        return Hostile.hostile(statuses().map(NodeStatusMessage::encode), 400);
    }

    @Provide
    Arbitrary<byte[]> wrappedNodeStatuses() {
        return Combinators.combine(Hostile.mutated(statuses().map(NodeStatusMessage::encode)), texts())
                .as((payload, name) -> Envelope.wrap(name, payload).encode());
    }
}
