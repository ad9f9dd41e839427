package p2p.node.crypto;

/** Gives tests of other packages the peer-ids spec key vectors (peer-ids-spec-keys.properties). */
public final class KeysTestVectors {
    private KeysTestVectors() {
    }

    public static byte[] bytes(String name) {
        return KeysTest.spec(name);
    }
}
