package p2p.node.multiaddr;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import p2p.node.fuzz.NodeSamples;
import p2p.testkit.fuzz.Hostile;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hostile-input properties of the multiaddr codec (multiformats/multiaddr README, "Specification"): binary input
 * comes from peers (identify, DHT, signed peer records), text from settings and the peer-addr answer. Either form
 * gives a multiaddr or an {@link InvalidMultiaddrException}, and allocates at most a few times
 * {@link MultiaddrCodec#MAX_BYTES}.
 */
class MultiaddrProperties {

    private static final long CAP = 16L * MultiaddrCodec.MAX_BYTES;

    @Property(tries = 6000)
    void binaryFormGivesAnAddressOrItsOwnException(@ForAll("binary") byte[] bytes) {
        Hostile.Outcome<Multiaddr> out = Hostile.decode("Multiaddr.fromBytes", CAP,
                List.of(InvalidMultiaddrException.class), () -> Multiaddr.fromBytes(bytes));
        if (out.accepted()) { // what is accepted round-trips through both forms
            Multiaddr a = out.value();
            assertEquals(a, Multiaddr.fromBytes(a.toBytes()));
            assertEquals(a, Multiaddr.parse(a.toString()));
        }
    }

    @Property(tries = 6000)
    void textFormGivesAnAddressOrItsOwnException(@ForAll("text") String text) {
        Hostile.decode("Multiaddr.parse", CAP, List.of(InvalidMultiaddrException.class), () -> Multiaddr.parse(text));
    }

    @Provide
    Arbitrary<byte[]> binary() {
        return Hostile.hostile(NodeSamples.multiaddrs().map(Multiaddr::toBytes), 200);
    }

    @Provide
    Arbitrary<String> text() {
        return Hostile.hostileText(NodeSamples.multiaddrs().map(Multiaddr::toString), 200);
    }
}
