package p2p.node.fuzz;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.crypto.PrivKey;
import p2p.node.crypto.Secp256k1PrivKey;
import p2p.node.multiaddr.Multiaddr;

import java.security.SecureRandom;
import java.util.List;

/**
 * Valid values of p2p.node's types for the hostile-input properties: the properties encode these with our own
 * encoders and then mutate the bytes. Keys are a small fixed pool (key generation is not what is under test).
 */
public final class NodeSamples {

    /** Two Ed25519 keys and one secp256k1 key, made once. */
    public static final List<PrivKey> KEYS;

    static {
        SecureRandom random = new SecureRandom();
        byte[] secp = new byte[32];
        secp[31] = 7;
        secp[0] = 0x11;
        KEYS = List.of(Ed25519PrivKey.generate(random), Ed25519PrivKey.generate(random),
                Secp256k1PrivKey.fromRaw(secp));
    }

    private NodeSamples() {
    }

    /** @return one of the pool's keys */
    public static Arbitrary<PrivKey> keys() {
        return Arbitraries.of(KEYS);
    }

    /** @return peer ids of the pool's keys */
    public static Arbitrary<PeerId> peerIds() {
        return keys().map(k -> PeerId.fromPublicKey(k.publicKey()));
    }

    /** @return TCP multiaddrs over ip4, ip6 and dns4, some with a /p2p/ suffix */
    public static Arbitrary<Multiaddr> multiaddrs() {
        Arbitrary<String> host = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 255).list().ofSize(4)
                        .map(b -> "/ip4/" + b.get(0) + "." + b.get(1) + "." + b.get(2) + "." + b.get(3)),
                Arbitraries.integers().between(0, 0xffff).list().ofSize(8)
                        .map(w -> "/ip6/" + String.join(":", w.stream().map(Integer::toHexString).toList())),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20)
                        .map(s -> "/dns4/" + s + ".example"));
        Arbitrary<String> suffix = Arbitraries.oneOf(Arbitraries.just(""),
                peerIds().map(p -> "/p2p/" + p.toBase58()));
        return Combinators.combine(host, Arbitraries.integers().between(0, 65535), suffix)
                .as((h, port, p) -> Multiaddr.parse(h + "/tcp/" + port + p));
    }
}
