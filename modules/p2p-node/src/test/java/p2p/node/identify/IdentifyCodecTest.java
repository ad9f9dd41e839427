package p2p.node.identify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PubKey;
import p2p.node.host.IdentifyInfo;
import p2p.node.identify.pb.IdentifyProto;
import p2p.node.multiaddr.Multiaddr;

class IdentifyCodecTest {
    private static final PubKey KEY = Ed25519PrivKey.generate(new SecureRandom()).publicKey();

    private static IdentifyInfo full() {
        return new IdentifyInfo("ipfs/0.1.0", "agent/1", Optional.of(KEY),
                List.of(Multiaddr.parse("/ip4/10.1.2.3/tcp/9905"), Multiaddr.parse("/dns4/example.org/tcp/4001")),
                Optional.of(Multiaddr.parse("/ip4/192.0.2.7/tcp/51000")),
                List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0"));
    }

    @Test
    void fieldNumbersAreTheSpecs() {
        // Hand-encoded per the spec's field numbers: agentVersion = 6 (tag 0x32), protocolVersion = 5 (tag 0x2a),
        // protocols = 3 (tag 0x1a).
        byte[] wire = {0x32, 0x01, 'a', 0x2a, 0x01, 'p', 0x1a, 0x02, '/', 'x'};
        IdentifyInfo info = IdentifyCodec.decode(wire);
        assertEquals("a", info.agentVersion());
        assertEquals("p", info.protocolVersion());
        assertEquals(List.of("/x"), info.protocols());
        assertTrue(info.publicKey().isEmpty());
        assertTrue(info.observedAddr().isEmpty());
    }

    @Test
    void everyFieldRoundTrips() {
        IdentifyInfo info = full();
        IdentifyInfo back = IdentifyCodec.decode(IdentifyCodec.encode(info));
        assertEquals(info.protocolVersion(), back.protocolVersion());
        assertEquals(info.agentVersion(), back.agentVersion());
        assertArrayEquals(KEY.marshal(), back.publicKey().orElseThrow().marshal());
        assertEquals(info.listenAddrs(), back.listenAddrs());
        assertEquals(info.observedAddr(), back.observedAddr());
        assertEquals(info.protocols(), back.protocols());
    }

    @Test
    void publicKeyIsTheMarshalledKeyProtobuf() throws Exception {
        IdentifyProto.Identify msg = IdentifyProto.Identify.parseFrom(IdentifyCodec.encode(full()));
        assertArrayEquals(KEY.marshal(), msg.getPublicKey().toByteArray());
        assertArrayEquals(Multiaddr.parse("/ip4/10.1.2.3/tcp/9905").toBytes(), msg.getListenAddrs(0).toByteArray());
    }

    @Test
    void signedPeerRecordIsReadPast() {
        byte[] wire = IdentifyProto.Identify.newBuilder().setAgentVersion("go")
                .setSignedPeerRecord(ByteString.copyFrom(new byte[] {1, 2, 3})).build().toByteArray();
        assertEquals("go", IdentifyCodec.decode(wire).agentVersion());
    }

    @Test
    void unparseableListenAddressesAreLeftOutAndTheRestKept() {
        byte[] wire = IdentifyProto.Identify.newBuilder()
                .addListenAddrs(ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff, 0x03}))
                .addListenAddrs(ByteString.copyFrom(Multiaddr.parse("/ip4/1.2.3.4/tcp/1").toBytes()))
                .build().toByteArray();
        assertEquals(List.of(Multiaddr.parse("/ip4/1.2.3.4/tcp/1")), IdentifyCodec.decode(wire).listenAddrs());
    }

    @Test
    void truncatedMessageIsRejected() {
        byte[] wire = IdentifyCodec.encode(full());
        byte[] cut = Arrays.copyOf(wire, wire.length - 3);
        assertThrows(IdentifyException.class, () -> IdentifyCodec.decode(cut));
    }

    @Test
    void oversizedMessageIsRejectedBeforeParsing() {
        IdentifyException e = assertThrows(IdentifyException.class,
                () -> IdentifyCodec.decode(new byte[IdentifyCodec.MAX_MESSAGE_BYTES + 1]));
        assertTrue(e.getMessage().contains("exceeds"));
    }

    @Test
    void malformedPublicKeyIsRejected() {
        byte[] wire = IdentifyProto.Identify.newBuilder()
                .setPublicKey(ByteString.copyFrom(new byte[] {0x08, 0x01, 0x12, 0x03, 1, 2, 3})).build().toByteArray();
        IdentifyException e = assertThrows(IdentifyException.class, () -> IdentifyCodec.decode(wire));
        assertTrue(e.getMessage().contains("publicKey"));
    }

    @Test
    void garbageIsRejected() {
        assertThrows(IdentifyException.class, () -> IdentifyCodec.decode(new byte[] {(byte) 0xff, (byte) 0xff}));
    }

    @Test
    void pushKeepsFieldsItDoesNotCarry() {
        IdentifyInfo push = new IdentifyInfo("", "", Optional.empty(), List.of(), Optional.empty(),
                List.of("/new/1.0.0"));
        IdentifyInfo merged = full().merge(push);
        assertEquals(List.of("/new/1.0.0"), merged.protocols());
        assertEquals("agent/1", merged.agentVersion());
        assertEquals(full().listenAddrs(), merged.listenAddrs());
        assertTrue(merged.publicKey().isPresent());
    }
}
