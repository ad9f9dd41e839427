package p2p.server.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;

/** The topic messages of spec section 3: Go's exact bytes, round trips, and every way a peer's JSON can be wrong. */
class MessageCodecTest {
    private static final String PEER = PeerId.fromPublicKey(
            Ed25519PrivKey.fromSeed(new byte[32]).publicKey()).toBase58();
    private static final String HASH = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f";
    private static final String PREV = "00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- vectors: the bytes Go's encoding/json writes for the Teranode structs ----

    @Test
    void blockMessageIsGoStructJsonWithCapitalisedKeys() {
        BlockMessage message = new BlockMessage(HASH, 812345, "https://node.example/api/v1", PEER);
        assertEquals("{\"Hash\":\"" + HASH + "\",\"Height\":812345,\"DataHubURL\":\"https://node.example/api/v1\","
                + "\"PeerID\":\"" + PEER + "\"}", new String(message.encode(), StandardCharsets.UTF_8));
    }

    @Test
    void handshakeUsesItsJsonTags() {
        HandshakeMessage message = new HandshakeMessage(HandshakeMessage.VERSION, PEER, 7, "", "http://a:9906",
                HandshakeMessage.USER_AGENT, 0);
        assertEquals("{\"type\":\"version\",\"peerID\":\"" + PEER + "\",\"bestHeight\":7,\"bestHash\":\"\","
                + "\"dataHubURL\":\"http://a:9906\",\"userAgent\":\"teranode/bitcoin/1.0.0\",\"services\":0}",
                new String(message.encode(), StandardCharsets.UTF_8));
    }

    @Test
    void miningOnWritesFieldsInStructOrderAndUint64Unsigned() {
        MiningOnMessage message = new MiningOnMessage(HASH, PREV, "u", PEER, 4294967295L, "miner <x> & y", -1L, 3);
        assertEquals("{\"Hash\":\"" + HASH + "\",\"PreviousHash\":\"" + PREV + "\",\"DataHubURL\":\"u\",\"PeerID\":\""
                + PEER + "\",\"Height\":4294967295,\"Miner\":\"miner \\u003cx\\u003e \\u0026 y\","
                + "\"SizeInBytes\":18446744073709551615,\"TxCount\":3}", new String(message.encode(), StandardCharsets.UTF_8));
    }

    @Test
    void rejectedTxAndSubtreeVectors() {
        assertEquals("{\"TxID\":\"" + HASH + "\",\"Reason\":\"bad \\\"script\\\"\\n\",\"PeerID\":\"" + PEER + "\"}",
                new String(new RejectedTxMessage(HASH, "bad \"script\"\n", PEER).encode(), StandardCharsets.UTF_8));
        assertEquals("{\"Hash\":\"" + HASH + "\",\"DataHubURL\":\"\",\"PeerID\":\"" + PEER + "\"}",
                new String(new SubtreeMessage(HASH, "", PEER).encode(), StandardCharsets.UTF_8));
    }

    // ---- decoding what a Go peer sends ----

    @Test
    void decodesGoOutputWithWhitespaceUpperCaseHashAndEscapes() throws Exception {
        String json = " {\n \"Hash\" : \"" + HASH.toUpperCase() + "\", \"Height\":0,"
                + "\"DataHubURL\":\"http:\\/\\/x\\u00e9\\ud83d\\ude00\",\"PeerID\":\"" + PEER + "\" }\r\n";
        BlockMessage decoded = BlockMessage.decode(utf8(json));
        assertEquals(new BlockMessage(HASH.toUpperCase(), 0, "http://x\u00e9\ud83d\ude00", PEER), decoded);
    }

    @Test
    void everyMessageRoundTripsRandomValues() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            String hash = randomHash(random);
            String text = randomText(random);
            long u32 = random.nextLong(0, 0x1_0000_0000L);
            long u64 = random.nextLong();
            BlockMessage block = new BlockMessage(hash, u32, text, PEER);
            assertEquals(block, BlockMessage.decode(block.encode()));
            SubtreeMessage subtree = new SubtreeMessage(hash, text, PEER);
            assertEquals(subtree, SubtreeMessage.decode(subtree.encode()));
            MiningOnMessage miningOn = new MiningOnMessage(hash, randomHash(random), text, PEER, u32, text, u64, ~u64);
            assertEquals(miningOn, MiningOnMessage.decode(miningOn.encode()));
            RejectedTxMessage rejected = new RejectedTxMessage(hash, text, PEER);
            assertEquals(rejected, RejectedTxMessage.decode(rejected.encode()));
            HandshakeMessage handshake = new HandshakeMessage(i % 2 == 0 ? HandshakeMessage.VERSION
                    : HandshakeMessage.VERACK, PEER, u32, i % 3 == 0 ? "" : hash, text, text, u64);
            assertEquals(handshake, HandshakeMessage.decode(handshake.encode()));
        }
    }

    private static String randomHash(Random random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    private static String randomText(Random random) {
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(30);
        while (out.length() < length) {
            int cp = random.nextInt(4) == 0 ? random.nextInt(0x20) : random.nextInt(0x20, 0x2FFFF);
            if (Character.isSurrogate((char) cp) || !Character.isDefined(cp) && cp > 0xFFFF) {
                continue;
            }
            out.appendCodePoint(cp);
        }
        return out.toString();
    }

    // ---- what Go accepts or refuses (GoJsonVectorsTest has Go's own verdicts on thousands of inputs) ----

    @Test
    void whatTheIssueFoundRefusedIsAcceptedAsGoAcceptsIt() throws MalformedMessageException {
        // Lower-case keys, no PeerID, a short hash, an unknown key holding a nested object (issue 12).
        BlockMessage decoded = BlockMessage.decode(utf8("{\"hash\":\"abc\",\"height\":7,\"dataHubURL\":\"http://dh\","
                + "\"Header\":{\"version\":1,\"bits\":[1,2]}}"));
        assertEquals(new BlockMessage("abc", 7, "http://dh", ""), decoded);
    }

    @Test
    void fieldsANewerTeranodeAddsAreIgnoredLikeGoDoes() throws MalformedMessageException {
        String json = "{\"Hash\":\"" + HASH + "\",\"Height\":7,\"DataHubURL\":\"http://dh\",\"PeerID\":\"" + PEER
                + "\",\"TopicPrefix\":\"bitcoin/mainnet\",\"Extra\":[{\"a\":null}]}";
        assertEquals(new BlockMessage(HASH, 7, "http://dh", PEER), BlockMessage.decode(utf8(json)));
    }

    @Test
    void wrongTypesAndRangesAreRefusedNamingTheField() {
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> BlockMessage.decode(utf8("{\"Height\":\"1\"}")));
        assertEquals("BlockMessage: cannot unmarshal string into Go struct field BlockMessage.Height of type uint32",
                e.getMessage());
        assertThrows(MalformedMessageException.class, () -> MiningOnMessage.decode(utf8("{\"TxCount\":-1}")));
        assertThrows(MalformedMessageException.class, () -> SubtreeMessage.decode(utf8("{\"PeerID\":{}}")));
    }

    @Test
    void handshakeTypeIsAnyStringAndServicesUnsigned() throws Exception {
        String base = new String(new HandshakeMessage(HandshakeMessage.VERACK, PEER, 1, HASH, "", "", 0).encode(),
                StandardCharsets.UTF_8);
        assertEquals("verack", HandshakeMessage.decode(utf8(base)).type());
        assertEquals("hello", HandshakeMessage.decode(utf8(base.replace("verack", "hello"))).type());
        assertEquals("abc", HandshakeMessage.decode(utf8(base.replace(HASH, "abc"))).bestHash());
        assertThrows(MalformedMessageException.class,
                () -> HandshakeMessage.decode(utf8(base.replace("\"services\":0", "\"services\":18446744073709551616"))));
        assertEquals(-1L, HandshakeMessage.decode(utf8(base.replace("\"services\":0",
                "\"services\":18446744073709551615"))).services());
    }

    @Test
    void recordsRefuseValuesAGoStructCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> new BlockMessage(HASH, -1, "", PEER));
        assertThrows(IllegalArgumentException.class, () -> new BlockMessage(HASH, 1L << 32, "", PEER));
        assertThrows(NullPointerException.class, () -> new SubtreeMessage(HASH, null, PEER));
        assertArrayEquals(new SubtreeMessage(HASH, "", PEER).encode(), new SubtreeMessage(HASH, "", PEER).encode());
    }
}
