package p2p.node.dht;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.wire.Varint;

class DhtMessageCodecTest {
    private static final DhtMessageCodec CODEC = new DhtMessageCodec(AddressFilter.DEFAULT);
    // Ed25519 peer id from libp2p/specs peer-ids/peer-ids.md
    private static final PeerId PEER = PeerId.parse("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
    private static final Multiaddr ADDR = Multiaddr.parse("/ip4/1.2.3.4/tcp/4001");

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    /** A length-delimited protobuf field, written by hand so the test does not trust the protobuf library. */
    private static void field(ByteArrayOutputStream out, int number, byte[] value) {
        out.writeBytes(Varint.toBytes((long) number << 3 | 2));
        out.writeBytes(Varint.toBytes(value.length));
        out.writeBytes(value);
    }

    private static void varintField(ByteArrayOutputStream out, int number, int value) {
        out.writeBytes(Varint.toBytes((long) number << 3));
        out.writeBytes(Varint.toBytes(value));
    }

    private static byte[] peerEntry(byte[] id, List<byte[]> addrs, int connection) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        field(p, 1, id);
        addrs.forEach(a -> field(p, 2, a));
        if (connection != 0) {
            varintField(p, 3, connection);
        }
        return p.toByteArray();
    }

    @Test
    void findNodeRequestMatchesTheSpecFieldNumbers() {
        // type = FIND_NODE (4) in field 1, key "hello" in field 2
        byte[] wire = hex("0804" + "120568656c6c6f");
        DhtMessage m = DhtMessage.request(DhtMessage.Type.FIND_NODE, "hello".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(wire, CODEC.encode(m));
        assertEquals(m, CODEC.decode(wire));
    }

    @Test
    void pingIsTypeFiveAndPutValueTheEmptyMessage() {
        assertArrayEquals(hex("0805"), CODEC.encode(DhtMessage.request(DhtMessage.Type.PING, new byte[0])));
        assertEquals(DhtMessage.Type.PUT_VALUE, CODEC.decode(new byte[0]).type());
        assertEquals(DhtMessage.Type.ADD_PROVIDER, CODEC.decode(hex("0802")).type());
        assertEquals(DhtMessage.Type.GET_PROVIDERS, CODEC.decode(hex("0803")).type());
        assertEquals(DhtMessage.Type.GET_VALUE, CODEC.decode(hex("0801")).type());
    }

    @Test
    void closerAndProviderPeersUseFieldsEightAndNine() {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        varintField(wire, 1, 3);
        field(wire, 2, hex("1220" + "00".repeat(32)));
        field(wire, 8, peerEntry(PEER.toBytes(), List.of(ADDR.toBytes()), 1));
        field(wire, 9, peerEntry(PEER.toBytes(), List.of(ADDR.toBytes()), 0));
        DhtMessage m = new DhtMessage(DhtMessage.Type.GET_PROVIDERS, hex("1220" + "00".repeat(32)),
                List.of(new DhtPeer(PEER, List.of(ADDR), DhtPeer.Connectedness.CONNECTED)),
                List.of(new DhtPeer(PEER, List.of(ADDR))));
        assertArrayEquals(wire.toByteArray(), CODEC.encode(m));
        assertEquals(m, CODEC.decode(wire.toByteArray()));
    }

    @Test
    void randomMessagesRoundTrip() {
        Random random = new Random(7);
        TestPeers peers = new TestPeers(7);
        for (int i = 0; i < 200; i++) {
            byte[] key = new byte[1 + random.nextInt(64)];
            random.nextBytes(key);
            List<DhtPeer> closer = new ArrayList<>();
            for (int j = random.nextInt(25); j > 0; j--) {
                closer.add(new DhtPeer(peers.next(), List.of(Multiaddr.tcp("10.0.0." + (1 + random.nextInt(250)),
                        1 + random.nextInt(65535))), DhtPeer.Connectedness.values()[random.nextInt(4)]));
            }
            DhtMessage m = new DhtMessage(DhtMessage.Type.values()[random.nextInt(6)], key, closer,
                    closer.subList(0, closer.size() / 2));
            assertEquals(m, CODEC.decode(CODEC.encode(m)));
        }
    }

    @Test
    void unknownTypeIsRejected() {
        DhtProtocolException e = assertThrows(DhtProtocolException.class, () -> CODEC.decode(hex("0809")));
        assertTrue(e.getMessage().contains("type 9"), e.getMessage());
    }

    @Test
    void truncatedAndGarbageBytesAreRejected() {
        assertThrows(DhtProtocolException.class, () -> CODEC.decode(hex("0804120568656c")));
        assertThrows(DhtProtocolException.class, () -> CODEC.decode(hex("ffffffffffffffffffffff")));
        assertThrows(DhtProtocolException.class, () -> CODEC.decode(hex("0f")));
    }

    @Test
    void oversizedMessageIsRejectedBeforeParsing() {
        byte[] huge = new byte[DhtProtocol.MAX_MESSAGE_BYTES + 1];
        assertThrows(DhtProtocolException.class, () -> CODEC.decode(huge));
    }

    @Test
    void overlongKeyIsRejected() {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        varintField(wire, 1, 2);
        field(wire, 2, new byte[DhtMessageCodec.MAX_KEY_BYTES + 1]);
        assertThrows(DhtProtocolException.class, () -> CODEC.decode(wire.toByteArray()));
    }

    @Test
    void tooManyPeersAreRejected() {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        varintField(wire, 1, 4);
        byte[] entry = peerEntry(PEER.toBytes(), List.of(), 0);
        for (int i = 0; i <= DhtMessageCodec.MAX_PEERS_PER_LIST; i++) {
            field(wire, 8, entry);
        }
        assertThrows(DhtProtocolException.class, () -> CODEC.decode(wire.toByteArray()));
    }

    @Test
    void bogusAddressesAreDroppedAndTheRestKept() {
        List<byte[]> addrs = List.of(
                hex("deadbeef"),                                                   // not a multiaddr
                Multiaddr.parse("/ip4/0.0.0.0/tcp/4001").toBytes(),                 // unspecified
                Multiaddr.parse("/ip6/::/tcp/4001").toBytes(),                      // unspecified
                Multiaddr.parse("/ip4/1.2.3.4/tcp/0").toBytes(),                    // port 0
                Multiaddr.parse("/ip4/224.0.0.1/tcp/4001").toBytes(),               // multicast
                Multiaddr.parse("/ip4/255.255.255.255/tcp/4001").toBytes(),         // broadcast
                Multiaddr.parse("/ip4/1.2.3.4/udp/4001/quic-v1").toBytes(),         // not TCP
                Multiaddr.parse("/ip4/1.2.3.4/tcp/4001/ws").toBytes(),              // not plain TCP
                Multiaddr.parse("/ip4/5.6.7.8/tcp/4001/p2p/12D3KooWGzBJm5QRRWhCGTf1xVGDG9UBkc3eiVJsvJ6zJuZW7Dbw")
                        .toBytes(),                                                  // another peer's address
                Multiaddr.parse("/ip4/5.6.7.8/tcp/4002/p2p/" + PEER).toBytes(),     // own suffix: kept without it
                ADDR.toBytes(),
                ADDR.toBytes());                                                    // duplicate
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        varintField(wire, 1, 4);
        field(wire, 8, peerEntry(PEER.toBytes(), addrs, 0));
        DhtMessage m = CODEC.decode(wire.toByteArray());
        assertEquals(List.of(Multiaddr.parse("/ip4/5.6.7.8/tcp/4002"), ADDR), m.closerPeers().get(0).addresses());
    }

    @Test
    void entriesWithBadPeerIdsAreSkipped() {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        varintField(wire, 1, 4);
        field(wire, 8, peerEntry(hex("1220aa"), List.of(ADDR.toBytes()), 0));   // sha2-256 with 1 digest byte
        field(wire, 8, peerEntry(new byte[0], List.of(ADDR.toBytes()), 0));     // empty id
        field(wire, 8, peerEntry(PEER.toBytes(), List.of(ADDR.toBytes()), 7));  // unknown connection type
        DhtMessage m = CODEC.decode(wire.toByteArray());
        assertEquals(List.of(new DhtPeer(PEER, List.of(ADDR))), m.closerPeers());
    }

    @Test
    void addressesPerPeerAreCapped() {
        List<byte[]> addrs = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            addrs.add(Multiaddr.tcp("10.0.0.1", i).toBytes());
        }
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        varintField(wire, 1, 4);
        field(wire, 8, peerEntry(PEER.toBytes(), addrs, 0));
        assertEquals(AddressFilter.MAX_ADDRESSES_PER_PEER,
                CODEC.decode(wire.toByteArray()).closerPeers().get(0).addresses().size());
    }
}
