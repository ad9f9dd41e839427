package p2p.node.crypto;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import p2p.node.fuzz.NodeSamples;
import p2p.testkit.fuzz.Hostile;

import java.util.List;

/**
 * Hostile-input properties of peer ids and public keys (libp2p/specs peer-ids/peer-ids.md): the multihash bytes, the
 * base58 and CID text forms, and the key protobuf a peer sends in Noise and identify. Each gives a value or a
 * {@link KeyFormatException}; allocation stays within a few times the form's own bound
 * ({@link PeerId#MAX_BYTES}, {@link Keys#MAX_ENCODED_BYTES}).
 */
class PeerIdProperties {

    @Property(tries = 5000)
    void multihashBytes(@ForAll("ids") byte[] bytes) {
        Hostile.decode("PeerId.fromBytes", 16L * PeerId.MAX_BYTES, List.of(KeyFormatException.class), () -> {
            PeerId id = PeerId.fromBytes(bytes);
            id.extractPublicKey(); // an inline key is decoded too: same contract
            return id;
        });
    }

    @Property(tries = 5000)
    void textForms(@ForAll("texts") String text) {
        Hostile.decode("PeerId.parse", 16L * PeerId.MAX_BYTES, List.of(KeyFormatException.class),
                () -> PeerId.parse(text));
    }

    @Property(tries = 5000)
    void publicKeyProtobuf(@ForAll("publicKeys") byte[] bytes) {
        Hostile.decode("Keys.unmarshalPublicKey", 16L * Keys.MAX_ENCODED_BYTES, List.of(KeyFormatException.class),
                () -> Keys.unmarshalPublicKey(bytes));
    }

    @Provide
    Arbitrary<byte[]> ids() {
        return Hostile.hostile(NodeSamples.peerIds().map(PeerId::toBytes), 80);
    }

    @Provide
    Arbitrary<String> texts() {
        return Hostile.hostileText(net.jqwik.api.Arbitraries.oneOf(NodeSamples.peerIds().map(PeerId::toBase58),
                NodeSamples.peerIds().map(PeerId::toCidString)), 80);
    }

    @Provide
    Arbitrary<byte[]> publicKeys() {
        return Hostile.hostile(NodeSamples.keys().map(k -> k.publicKey().marshal()), 120);
    }
}
