package p2p.node.identify;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import p2p.node.crypto.PeerId;
import p2p.node.fuzz.NodeSamples;
import p2p.node.host.IdentifyInfo;
import p2p.node.host.PeerRecord;
import p2p.node.record.EnvelopeCodec;
import p2p.node.record.PeerRecordCodec;
import p2p.testkit.fuzz.Hostile;

/**
 * Hostile-input property of the identify message (libp2p/specs identify/README.md): the protobuf a peer sends right
 * after the connection is secured, with its key, addresses, protocols and signed peer record. It gives an
 * {@link IdentifyInfo} or an {@link IdentifyException}, allocating at most a few times
 * {@link IdentifyCodec#MAX_MESSAGE_BYTES}.
 */
class IdentifyProperties {

    @Property(tries = 5000)
    void identifyMessage(@ForAll("messages") byte[] bytes) {
        Hostile.decode("IdentifyCodec.decode", 16L * IdentifyCodec.MAX_MESSAGE_BYTES,
                List.of(IdentifyException.class), () -> IdentifyCodec.decode(bytes));
    }

    @Provide
    Arbitrary<byte[]> messages() {
        Arbitrary<IdentifyInfo> infos = Combinators.combine(
                NodeSamples.keys(),
                NodeSamples.multiaddrs().map(a -> a.withoutPeerId()).list().ofMaxSize(3),
                NodeSamples.multiaddrs().map(a -> a.withoutPeerId()).optional(),
                Arbitraries.of("/ipfs/id/1.0.0", "/meshsub/1.1.0", "/ipfs/kad/1.0.0", "/teranode/bitcoin/1.0.0")
                        .list().ofMaxSize(4),
                Arbitraries.of(true, false)).as((key, listen, observed, protocols, withRecord) -> {
                    Optional<byte[]> record = withRecord
                            ? Optional.of(EnvelopeCodec.encode(PeerRecordCodec.seal(new PeerRecord(PeerId.fromPublicKey(key.publicKey()),
                                    1, listen), key)))
                            : Optional.empty();
                    return new IdentifyInfo(IdentifyInfo.PROTOCOL_VERSION, "p2p-fuzz/1", Optional.of(key.publicKey()),
                            listen, observed, protocols, record);
                });
        return Hostile.hostile(infos.map(IdentifyCodec::encode), 400);
    }
}
