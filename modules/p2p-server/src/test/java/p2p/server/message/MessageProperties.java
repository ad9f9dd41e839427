package p2p.server.message;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import p2p.server.json.GoJsonReader;
import p2p.testkit.fuzz.Hostile;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Hostile-input properties of the July-2025 gossip JSON (spec teranode-p2p, "Messages") and of the Go-exact JSON
 * reader under it: every message type and the bare reader give a value or a {@link MalformedMessageException}, on
 * mutated encodings of our own messages, random bytes and deep nesting (the reader's depth bound is Go's 10 000
 * and it must not overflow the stack). Allocation is bounded by a few times the input, which the gossip frame
 * limit bounds in turn.
 */
class MessageProperties {

    private static final List<Class<? extends Throwable>> OWN = List.of(MalformedMessageException.class);
    private static final String PEER = "12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo";

    private static long cap(byte[] input) {
        return 32L * input.length + 64 * 1024;
    }

    @Property(tries = 5000)
    void goJsonReader(@ForAll("jsons") byte[] bytes) {
        Hostile.decode("GoJsonReader.read", cap(bytes), OWN, () -> GoJsonReader.read(bytes));
    }

    @Property(tries = 3000)
    void handshake(@ForAll("handshakes") byte[] bytes) {
        Hostile.decode("HandshakeMessage.decode", cap(bytes), OWN, () -> HandshakeMessage.decode(bytes));
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
    void miningOn(@ForAll("miningOns") byte[] bytes) {
        Hostile.decode("MiningOnMessage.decode", cap(bytes), OWN, () -> MiningOnMessage.decode(bytes));
    }

    @Property(tries = 3000)
    void rejectedTx(@ForAll("rejectedTxs") byte[] bytes) {
        Hostile.decode("RejectedTxMessage.decode", cap(bytes), OWN, () -> RejectedTxMessage.decode(bytes));
    }

    static Arbitrary<String> texts() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20),
                Arbitraries.of("", "http://a:9906", "é\u2028<&>"));
    }

    static Arbitrary<String> hashes() {
        return Arbitraries.strings().withChars("0123456789abcdef").ofLength(64);
    }

    static Arbitrary<byte[]> deep() {
        return Arbitraries.integers().between(1, 12_000).flatMap(n -> Arbitraries.of(
                "[".repeat(n) + "]".repeat(n), "{\"a\":".repeat(n) + "1" + "}".repeat(n), "[".repeat(n),
                "{\"Hash\":" + "[".repeat(n) + "]".repeat(n) + "}")).map(s -> s.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<byte[]> handshakes() {
        return Hostile.hostile(Combinators.combine(Arbitraries.of(HandshakeMessage.VERSION, HandshakeMessage.VERACK),
                Arbitraries.longs().between(0, 0xFFFF_FFFFL), hashes(), texts(), Arbitraries.longs())
                .as((type, h, hash, url, services) -> new HandshakeMessage(type, PEER, h, hash, url,
                        HandshakeMessage.USER_AGENT, services).encode()), 300);
    }

    @Provide
    Arbitrary<byte[]> blocks() {
        return Hostile.hostile(Combinators.combine(hashes(), Arbitraries.longs().between(0, 0xFFFF_FFFFL), texts())
                .as((hash, h, url) -> new BlockMessage(hash, h, url, PEER).encode()), 300);
    }

    @Provide
    Arbitrary<byte[]> subtrees() {
        return Hostile.hostile(Combinators.combine(hashes(), texts())
                .as((hash, url) -> new SubtreeMessage(hash, url, PEER).encode()), 300);
    }

    @Provide
    Arbitrary<byte[]> miningOns() {
        return Hostile.hostile(Combinators.combine(hashes(), hashes(), texts(),
                Arbitraries.longs().between(0, 0xFFFF_FFFFL), Arbitraries.longs(), Arbitraries.longs())
                .as((hash, prev, text, h, size, txs) -> new MiningOnMessage(hash, prev, text, PEER, h, text, size, txs)
                        .encode()), 300);
    }

    @Provide
    Arbitrary<byte[]> rejectedTxs() {
        return Hostile.hostile(Combinators.combine(hashes(), texts())
                .as((tx, reason) -> new RejectedTxMessage(tx, reason, PEER).encode()), 300);
    }

    @Provide
    Arbitrary<byte[]> jsons() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, Arbitraries.oneOf(handshakes(), miningOns())),
                net.jqwik.api.Tuple.of(1, deep()));
    }
}
