package p2p.node.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.relay.pb.CircuitProto;
import p2p.node.wire.Varint;
import p2p.testkit.netty.NoNettyLeaks;

/** {@link CircuitCodec} and {@link RelayStreams}: the client-side relay messages, well-formed and malformed. */
@ExtendWith(NoNettyLeaks.class)
class CircuitCodecTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Ed25519PrivKey RELAY_KEY = Ed25519PrivKey.generate(RANDOM);
    private static final PeerId RELAY = PeerId.fromPublicKey(RELAY_KEY.publicKey());
    private static final PeerId SELF = peer();
    private static final PeerId TARGET = peer();
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static PeerId peer() {
        return PeerId.fromPublicKey(Ed25519PrivKey.generate(RANDOM).publicKey());
    }

    private static CircuitProto.HopMessage.Builder status(CircuitProto.Status status) {
        return CircuitProto.HopMessage.newBuilder().setType(CircuitProto.HopMessage.Type.STATUS).setStatus(status);
    }

    @Test
    void reserveAndConnectCarryTheTypeAndTheTarget() throws Exception {
        assertEquals(CircuitProto.HopMessage.Type.RESERVE, CircuitProto.HopMessage.parseFrom(CircuitCodec.reserve())
                .getType());
        CircuitProto.HopMessage connect = CircuitProto.HopMessage.parseFrom(CircuitCodec.connect(TARGET));
        assertEquals(CircuitProto.HopMessage.Type.CONNECT, connect.getType());
        assertArrayEquals(TARGET.toBytes(), connect.getPeer().getId().toByteArray());
        CircuitProto.StopMessage ok = CircuitProto.StopMessage.parseFrom(CircuitCodec.stopStatus(RelayStatus.OK));
        assertEquals(CircuitProto.StopMessage.Type.STATUS, ok.getType());
        assertEquals(CircuitProto.Status.OK, ok.getStatus());
    }

    @Test
    void anAcceptedReservationGivesExpiryAddressesAndLimit() {
        Multiaddr addr = Multiaddr.parse("/ip4/1.2.3.4/tcp/4001").withPeerId(RELAY.toBytes());
        byte[] body = status(CircuitProto.Status.OK)
                .setReservation(CircuitProto.Reservation.newBuilder().setExpire(NOW.getEpochSecond() + 3600)
                        .addAddrs(ByteString.copyFrom(addr.toBytes()))
                        .addAddrs(ByteString.copyFrom(new byte[] {(byte) 0xff, 1, 2})))
                .setLimit(CircuitProto.Limit.newBuilder().setDuration(120).setData(1 << 17))
                .build().toByteArray();
        CircuitCodec.HopAnswer answer = CircuitCodec.decodeHopAnswer(body, RELAY, SELF, true, NOW);
        assertEquals(RelayStatus.OK, answer.status());
        Reservation r = answer.reservation().orElseThrow();
        assertEquals(NOW.plusSeconds(3600), r.expire());
        assertEquals(List.of(addr), r.addrs(), "the unparsable address is skipped");
        assertEquals(Duration.ofSeconds(120), r.limit().duration().orElseThrow());
        assertEquals(1 << 17, r.limit().dataBytes().getAsLong());
    }

    @Test
    void refusalsDecodeToTheirStatus() {
        for (CircuitProto.Status s : List.of(CircuitProto.Status.RESERVATION_REFUSED, CircuitProto.Status.NO_RESERVATION,
                CircuitProto.Status.PERMISSION_DENIED, CircuitProto.Status.RESOURCE_LIMIT_EXCEEDED)) {
            CircuitCodec.HopAnswer answer = CircuitCodec.decodeHopAnswer(status(s).build().toByteArray(), RELAY,
                    SELF, true, NOW);
            assertEquals(s.name(), answer.status().name());
            assertTrue(answer.reservation().isEmpty());
        }
    }

    @Test
    void malformedHopAnswersAreRefusedNamingTheRelay() {
        List<byte[]> bad = List.of(
                new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff},                          // no protobuf
                CircuitProto.HopMessage.newBuilder().setType(CircuitProto.HopMessage.Type.CONNECT).build()
                        .toByteArray(),                                                     // not STATUS
                CircuitProto.HopMessage.newBuilder().setType(CircuitProto.HopMessage.Type.STATUS).build()
                        .toByteArray(),                                                     // no status
                status(CircuitProto.Status.OK).build().toByteArray(),                      // OK without reservation
                status(CircuitProto.Status.OK).setReservation(CircuitProto.Reservation.newBuilder()
                        .setExpire(NOW.getEpochSecond() - 1)).build().toByteArray(),       // expired
                status(CircuitProto.Status.OK).setReservation(CircuitProto.Reservation.newBuilder()
                        .setExpire(-1L)).build().toByteArray());                            // 2^64-1
        for (byte[] body : bad) {
            RelayProtocolException e = assertThrows(RelayProtocolException.class,
                    () -> CircuitCodec.decodeHopAnswer(body, RELAY, SELF, true, NOW));
            assertTrue(e.getMessage().contains(RELAY.toString()), e.getMessage());
        }
    }

    @Test
    void aStopConnectNamesTheSourceAndItsLimit() {
        byte[] body = CircuitProto.StopMessage.newBuilder().setType(CircuitProto.StopMessage.Type.CONNECT)
                .setPeer(CircuitProto.Peer.newBuilder().setId(ByteString.copyFrom(TARGET.toBytes())))
                .setLimit(CircuitProto.Limit.newBuilder().setDuration(60)).build().toByteArray();
        CircuitCodec.StopConnect connect = CircuitCodec.decodeStopConnect(body, RELAY);
        assertEquals(TARGET, connect.source());
        assertEquals(Duration.ofSeconds(60), connect.limit().duration().orElseThrow());
        assertTrue(connect.limit().dataBytes().isEmpty());
    }

    @Test
    void malformedStopMessagesAreAnsweredWithTheRightStatus() {
        RelayProtocolException garbage = assertThrows(RelayProtocolException.class,
                () -> CircuitCodec.decodeStopConnect(new byte[] {0x0a, 0x7f}, RELAY));
        assertEquals(RelayStatus.MALFORMED_MESSAGE, garbage.answer());
        RelayProtocolException status = assertThrows(RelayProtocolException.class,
                () -> CircuitCodec.decodeStopConnect(CircuitCodec.stopStatus(RelayStatus.OK), RELAY));
        assertEquals(RelayStatus.UNEXPECTED_MESSAGE, status.answer());
        RelayProtocolException noPeer = assertThrows(RelayProtocolException.class,
                () -> CircuitCodec.decodeStopConnect(CircuitProto.StopMessage.newBuilder()
                        .setType(CircuitProto.StopMessage.Type.CONNECT).build().toByteArray(), RELAY));
        assertEquals(RelayStatus.MALFORMED_MESSAGE, noPeer.answer());
        RelayProtocolException badId = assertThrows(RelayProtocolException.class,
                () -> CircuitCodec.decodeStopConnect(CircuitProto.StopMessage.newBuilder()
                        .setType(CircuitProto.StopMessage.Type.CONNECT)
                        .setPeer(CircuitProto.Peer.newBuilder().setId(ByteString.copyFrom(new byte[] {1, 2, 3})))
                        .build().toByteArray(), RELAY));
        assertTrue(badId.getMessage().contains("bad source peer id"), badId.getMessage());
    }

    private static ByteBuf framed(byte[] body, byte[] after) {
        ByteBuf out = Unpooled.buffer();
        Varint.write(out, body.length);
        out.writeBytes(body);
        out.writeBytes(after);
        return out;
    }

    @Test
    void readOneHandsTheBytesAfterTheMessageToTheNextLayer() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel();
        StringBuilder next = new StringBuilder();
        CompletableFuture<byte[]> read = RelayStreams.readOne(channel, "test");
        read.thenRun(() -> channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf buf = (ByteBuf) msg;
                next.append(buf.toString(java.nio.charset.StandardCharsets.US_ASCII));
                buf.release();
            }
        }));
        channel.writeInbound(framed(new byte[] {8, 2}, "/multistream/1.0.0".getBytes()));
        assertArrayEquals(new byte[] {8, 2}, read.get());
        assertEquals("/multistream/1.0.0", next.toString());
        assertTrue(channel.pipeline().get("relay-message") == null);
        channel.finishAndReleaseAll();
    }

    @Test
    void anOversizedOrTruncatedMessageFailsTheReadAndClosesTheStream() {
        EmbeddedChannel oversized = new EmbeddedChannel();
        CompletableFuture<byte[]> big = RelayStreams.readOne(oversized, "test");
        ByteBuf prefix = Unpooled.buffer();
        Varint.write(prefix, CircuitCodec.MAX_MESSAGE_BYTES + 1);
        oversized.writeInbound(prefix);
        ExecutionException e = assertThrows(ExecutionException.class, big::get);
        assertTrue(e.getCause() instanceof RelayProtocolException, String.valueOf(e.getCause()));
        assertTrue(e.getCause().getMessage().contains("exceeds the limit of 4096"), e.getCause().getMessage());
        assertFalse(oversized.isOpen());

        EmbeddedChannel truncated = new EmbeddedChannel();
        CompletableFuture<byte[]> cut = RelayStreams.readOne(truncated, "test");
        ByteBuf half = Unpooled.buffer();
        Varint.write(half, 10);
        half.writeBytes(new byte[] {1, 2, 3});
        truncated.writeInbound(half);
        assertFalse(cut.isDone());
        truncated.close();
        assertThrows(ExecutionException.class, cut::get);
    }

    @Test
    void circuitAddressesParseIntoRelayAndTarget() {
        Multiaddr text = Multiaddr.parse("/ip4/1.2.3.4/tcp/4001/p2p/" + RELAY + "/p2p-circuit/p2p/" + TARGET);
        CircuitAddress a = CircuitAddress.parse(text);
        assertEquals(RELAY, a.relay());
        assertEquals(TARGET, a.target());
        assertEquals(Multiaddr.parse("/ip4/1.2.3.4/tcp/4001"), a.relayTransportAddress().orElseThrow());
        assertEquals(text, a.toMultiaddr());
        assertTrue(CircuitAddress.parse(Multiaddr.parse("/p2p/" + RELAY + "/p2p-circuit/p2p/" + TARGET))
                .relayTransportAddress().isEmpty());
        for (String bad : List.of("/ip4/1.2.3.4/tcp/4001/p2p-circuit/p2p/" + TARGET,
                "/ip4/1.2.3.4/tcp/4001/p2p/" + RELAY + "/p2p-circuit",
                "/ip4/1.2.3.4/tcp/4001/p2p/" + RELAY + "/p2p-circuit/p2p/" + TARGET + "/p2p/" + RELAY)) {
            assertThrows(p2p.node.multiaddr.InvalidMultiaddrException.class,
                    () -> CircuitAddress.parse(Multiaddr.parse(bad)), bad);
        }
    }

    private static byte[] voucher(Ed25519PrivKey signer, PeerId relay, PeerId peer, String domain) {
        byte[] payload = CircuitProto.ReservationVoucher.newBuilder().setRelay(ByteString.copyFrom(relay.toBytes()))
                .setPeer(ByteString.copyFrom(peer.toBytes())).setExpiration(NOW.getEpochSecond() + 60).build()
                .toByteArray();
        return p2p.node.record.EnvelopeCodec.encode(p2p.node.record.SignedEnvelope.seal(signer, domain,
                new byte[] {0x03, 0x02}, payload));
    }

    private static byte[] reservationWith(byte[] voucher) {
        return status(CircuitProto.Status.OK).setReservation(CircuitProto.Reservation.newBuilder()
                .setExpire(NOW.getEpochSecond() + 60).setVoucher(ByteString.copyFrom(voucher))).build().toByteArray();
    }

    @Test
    void theRelaysVoucherForUsIsAcceptedAndAnyOtherRefused() {
        assertTrue(CircuitCodec.decodeHopAnswer(reservationWith(voucher(RELAY_KEY, RELAY, SELF,
                CircuitCodec.VOUCHER_DOMAIN)), RELAY, SELF, true, NOW).reservation().isPresent());
        Ed25519PrivKey stranger = Ed25519PrivKey.generate(RANDOM);
        List<byte[]> bad = List.of(
                voucher(stranger, RELAY, SELF, CircuitCodec.VOUCHER_DOMAIN),      // signed by another key
                voucher(RELAY_KEY, RELAY, TARGET, CircuitCodec.VOUCHER_DOMAIN),   // for another peer
                voucher(RELAY_KEY, TARGET, SELF, CircuitCodec.VOUCHER_DOMAIN),    // naming another relay
                voucher(RELAY_KEY, RELAY, SELF, "libp2p-peer-record"),            // another domain
                new byte[] {0x0a, 0x03, 1, 2});                                     // no envelope
        for (byte[] v : bad) {
            RelayProtocolException e = assertThrows(RelayProtocolException.class,
                    () -> CircuitCodec.decodeHopAnswer(reservationWith(v), RELAY, SELF, true, NOW));
            assertTrue(e.getMessage().contains("voucher"), e.getMessage());
        }
    }
}
