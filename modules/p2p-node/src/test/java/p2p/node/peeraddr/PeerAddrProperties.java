package p2p.node.peeraddr;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import p2p.common.wire.ProtocolException;
import p2p.node.fuzz.NodeSamples;
import p2p.testkit.fuzz.Hostile;

/**
 * Hostile-input properties of the peer-addr-request protocol's two messages: the request (a base58 peer id) and the
 * answer (a JSON array of multiaddr strings). Each gives a value or a {@link ProtocolException}, and allocates at
 * most a few times its byte bound ({@link PeerAddrCodec#MAX_REQUEST_BYTES}, {@link PeerAddrCodec#MAX_RESPONSE_BYTES}).
 */
class PeerAddrProperties {

    @Property(tries = 5000)
    void request(@ForAll("requests") byte[] bytes) {
        Hostile.decode("PeerAddrCodec.decodeRequest", 16L * PeerAddrCodec.MAX_REQUEST_BYTES,
                List.of(ProtocolException.class), () -> PeerAddrCodec.decodeRequest(bytes));
    }

    @Property(tries = 5000)
    void response(@ForAll("responses") byte[] bytes) {
        Hostile.decode("PeerAddrCodec.decodeResponse", 32L * PeerAddrCodec.MAX_RESPONSE_BYTES,
                List.of(ProtocolException.class), () -> PeerAddrCodec.decodeResponse(bytes));
    }

    @Provide
    Arbitrary<byte[]> requests() {
        return Hostile.hostile(NodeSamples.peerIds().map(PeerAddrCodec::encodeRequest), 300);
    }

    @Provide
    Arbitrary<byte[]> responses() {
        return Hostile.hostile(NodeSamples.multiaddrs().list().ofMaxSize(6).map(PeerAddrCodec::encodeResponse), 300);
    }
}
