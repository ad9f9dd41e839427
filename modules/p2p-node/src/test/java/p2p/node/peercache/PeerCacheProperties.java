package p2p.node.peercache;

import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import p2p.common.json.JsonException;
import p2p.common.json.JsonTree;
import p2p.common.wire.ProtocolException;
import p2p.node.fuzz.NodeSamples;
import p2p.testkit.fuzz.Hostile;

/**
 * Hostile-input properties of the peer cache file ({@code p2p_peers.json}) and of the small JSON reader under it
 * and the peer-addr answer: a list of peers, a JSON value, or a {@link ProtocolException}. The reader's nesting is
 * bounded, so no input reaches a StackOverflowError; allocation is a few times the text.
 */
class PeerCacheProperties {

    @Property(tries = 5000)
    void peerCacheFile(@ForAll("files") String text) {
        Hostile.decode("PeerCacheCodec.decode", 64L * text.length() + 64 * 1024, List.of(ProtocolException.class),
                () -> PeerCacheCodec.decode(text));
    }

    @Property(tries = 5000)
    void json(@ForAll("jsons") String text) {
        Hostile.decode("JsonTree.read", 64L * text.length() + 64 * 1024, List.of(JsonException.class),
                () -> JsonTree.read(text, "fuzz input"));
    }

    @Provide
    Arbitrary<String> files() {
        Arbitrary<CachedPeer> peers = Combinators.combine(NodeSamples.peerIds(),
                Arbitraries.strings().alpha().ofMaxLength(10),
                NodeSamples.multiaddrs().map(a -> a.withoutPeerId()).list().ofMaxSize(2),
                Arbitraries.longs().between(0, 4_000_000_000L).map(Instant::ofEpochSecond)).as(CachedPeer::new);
        return Hostile.hostileText(peers.list().ofMaxSize(3).map(PeerCacheCodec::encode), 200);
    }

    @Provide
    Arbitrary<String> jsons() {
        return Arbitraries.oneOf(files(),
                Arbitraries.integers().between(1, 5000).map(n -> "[".repeat(n) + "]".repeat(n)),
                Arbitraries.integers().between(1, 5000).map(n -> "{\"a\":".repeat(n) + "1" + "}".repeat(n)));
    }
}
