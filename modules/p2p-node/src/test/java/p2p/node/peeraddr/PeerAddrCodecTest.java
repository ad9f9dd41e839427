package p2p.node.peeraddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import p2p.common.wire.ProtocolException;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;

/** The peer-addr-request wire format (spec teranode-2026.md 1.2) and what it refuses. */
class PeerAddrCodecTest {
    private static final PeerId PEER = PeerId.fromPublicKey(Ed25519PrivKey.generate(new SecureRandom()).publicKey());

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void requestIsThePeerIdTextRaw() {
        byte[] request = PeerAddrCodec.encodeRequest(PEER);
        assertEquals(PEER.toBase58(), new String(request, StandardCharsets.US_ASCII));
        assertEquals(PEER, PeerAddrCodec.decodeRequest(request));
    }

    @Test
    void responseIsAJsonArrayOfStringsWithoutCircuits() {
        List<Multiaddr> addrs = List.of(Multiaddr.parse("/ip4/1.2.3.4/tcp/9905"),
                Multiaddr.parse("/ip4/5.6.7.8/tcp/9905/p2p/" + PEER + "/p2p-circuit"),
                Multiaddr.parse("/dns4/example.org/tcp/1"));
        byte[] json = PeerAddrCodec.encodeResponse(addrs);
        assertEquals("[\"/ip4/1.2.3.4/tcp/9905\",\"/dns4/example.org/tcp/1\"]", new String(json, StandardCharsets.UTF_8));
        assertEquals(List.of(addrs.get(0), addrs.get(2)), PeerAddrCodec.decodeResponse(json));
        assertEquals("[]", new String(PeerAddrCodec.encodeResponse(List.of()), StandardCharsets.UTF_8));
        assertEquals(List.of(), PeerAddrCodec.decodeResponse(utf8(" [ ] ")));
    }

    @Test
    void responseDecodingAcceptsEscapesAndWhitespaceAndSkipsUnknownTransports() {
        assertEquals(List.of(Multiaddr.parse("/ip4/1.2.3.4/tcp/1")),
                PeerAddrCodec.decodeResponse(utf8("[ \"\\/ip4\\/1.2.3.4\\/tcp\\/1\" , \"/bogus/x\", \"\\u002f\" ]")));
    }

    @Test
    void anAnswerNeverExceedsWhatTheAskerReads() {
        List<Multiaddr> many = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add(Multiaddr.parse("/ip4/10.0." + (i / 250) + "." + (i % 250) + "/tcp/9905"));
        }
        byte[] json = PeerAddrCodec.encodeResponse(many);
        assertTrue(json.length <= PeerAddrCodec.MAX_RESPONSE_BYTES, "answer of " + json.length + " bytes");
        assertTrue(PeerAddrCodec.decodeResponse(json).size() > 100);
    }

    @Test
    void malformedRequestsAreProtocolExceptions() {
        assertThrows(ProtocolException.class, () -> PeerAddrCodec.decodeRequest(new byte[0]));
        assertThrows(ProtocolException.class, () -> PeerAddrCodec.decodeRequest(utf8("not-a-peer-id")));
        assertThrows(ProtocolException.class, () -> PeerAddrCodec.decodeRequest(new byte[257]));
        assertThrows(ProtocolException.class, () -> PeerAddrCodec.decodeRequest(new byte[] {(byte) 0xff, 0x00}));
    }

    @Test
    void malformedResponsesAreProtocolExceptions() {
        for (String bad : List.of("", "[", "]", "{}", "[1]", "[\"a\"", "[\"a\",]", "[\"a\"] x", "[\"\\x\"]",
                "[\"\\u12\"]", "[\"a\u0001\"]", "null", "[\"a\" \"b\"]")) {
            assertThrows(ProtocolException.class, () -> PeerAddrCodec.decodeResponse(utf8(bad)), bad);
        }
        assertThrows(ProtocolException.class, () -> PeerAddrCodec.decodeResponse(new byte[4097]));
    }
}
