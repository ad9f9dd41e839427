package p2p.node.record;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import p2p.node.crypto.PeerId;
import p2p.node.fuzz.NodeSamples;
import p2p.node.host.PeerRecord;
import p2p.testkit.fuzz.Hostile;

/**
 * Hostile-input properties of signed envelopes and peer records (libp2p/specs RFC 0002 and RFC 0003), which arrive
 * inside identify: the envelope protobuf, the peer-record protobuf, and opening (decode + verify + decode the
 * payload). Each gives a value or a {@link RecordException}, allocating at most a few times
 * {@link EnvelopeCodec#MAX_BYTES}.
 */
class RecordProperties {

    private static final long CAP = 16L * EnvelopeCodec.MAX_BYTES;

    @Property(tries = 3000)
    void envelope(@ForAll("envelopes") byte[] bytes) {
        Hostile.decode("EnvelopeCodec.decode", CAP, List.of(RecordException.class), () -> EnvelopeCodec.decode(bytes));
    }

    @Property(tries = 3000)
    void openedRecord(@ForAll("envelopes") byte[] bytes) {
        Hostile.decode("PeerRecordCodec.open", CAP, List.of(RecordException.class), () -> PeerRecordCodec.open(bytes));
    }

    @Property(tries = 5000)
    void recordPayload(@ForAll("records") byte[] bytes) {
        Hostile.decode("PeerRecordCodec.decode", CAP, List.of(RecordException.class), () -> PeerRecordCodec.decode(bytes));
    }

    private static Arbitrary<PeerRecord> peerRecords() {
        return Combinators.combine(NodeSamples.peerIds(), Arbitraries.longs().greaterOrEqual(0),
                NodeSamples.multiaddrs().map(a -> a.withoutPeerId()).list().ofMaxSize(4)).as(PeerRecord::new);
    }

    @Provide
    Arbitrary<byte[]> envelopes() {
        Arbitrary<byte[]> sealed = Combinators.combine(NodeSamples.keys(), peerRecords()).as((key, r) -> {
            PeerRecord own = new PeerRecord(PeerId.fromPublicKey(key.publicKey()), r.seq(), r.addresses());
            return EnvelopeCodec.encode(PeerRecordCodec.seal(own, key));
        });
        return Hostile.hostile(sealed, 400);
    }

    @Provide
    Arbitrary<byte[]> records() {
        return Hostile.hostile(peerRecords().map(PeerRecordCodec::encode), 300);
    }
}
