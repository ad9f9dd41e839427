package p2p.node.dht;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import p2p.node.fuzz.NodeSamples;
import p2p.testkit.fuzz.Hostile;

import java.util.List;

/**
 * Hostile-input property of kad-dht messages (libp2p/specs kad-dht/README.md, "RPC messages"), which any peer may
 * send on a DHT stream: a {@link DhtMessage} or a {@link DhtProtocolException}. The message bound is
 * {@link DhtProtocol#MAX_MESSAGE_BYTES}; the allocation bound is a few times the input (the stream's frame decoder
 * never hands over more than the message bound).
 */
class DhtMessageProperties {

    private static final DhtMessageCodec CODEC = new DhtMessageCodec(AddressFilter.DEFAULT);

    @Property(tries = 5000)
    void dhtMessage(@ForAll("messages") byte[] bytes) {
        Hostile.decode("DhtMessageCodec.decode", 16L * bytes.length + 64 * 1024,
                List.of(DhtProtocolException.class), () -> CODEC.decode(bytes));
    }

    @Provide
    Arbitrary<byte[]> messages() {
        Arbitrary<DhtPeer> peers = Combinators.combine(NodeSamples.peerIds(),
                NodeSamples.multiaddrs().map(a -> a.withoutPeerId()).list().ofMaxSize(3)).as(DhtPeer::new);
        Arbitrary<DhtMessage> messages = Combinators.combine(Arbitraries.of(DhtMessage.Type.class),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40), peers.list().ofMaxSize(3),
                peers.list().ofMaxSize(2)).as(DhtMessage::new);
        return Hostile.hostile(messages.map(CODEC::encode), 400);
    }
}
