package p2p.node.relay;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.logging.Logger;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.record.EnvelopeCodec;
import p2p.node.record.RecordException;
import p2p.node.record.SignedEnvelope;
import p2p.node.relay.pb.CircuitProto;

/**
 * Encodes and decodes the circuit relay v2 messages of the client side (libp2p/specs relay/circuit-v2.md,
 * "Protobuf"): the HopMessages we send (RESERVE, CONNECT) and the relay's STATUS answers, the StopMessage CONNECT a
 * relay sends and our STATUS answer. The bodies only; {@link RelayStreams} adds the varint length prefix and the cap
 * of {@link #MAX_MESSAGE_BYTES}. Decoding fails with {@link RelayProtocolException} on bytes that are no such
 * message, a missing type or status, a bad peer id, or a reservation voucher that is not the relay's signed voucher
 * for us; unparsable relay addresses are skipped (and logged), as go-libp2p's client skips them.
 */
public final class CircuitCodec {
    /** Signature domain of reservation vouchers (circuit-v2.md, "Reservation Vouchers"). */
    public static final String VOUCHER_DOMAIN = "libp2p-relay-rsvp";
    /** Envelope payload type of reservation vouchers (multicodec 0x0302, unsigned varint). */
    private static final byte[] VOUCHER_TYPE = {0x03, 0x02};

    /** The largest message accepted, as go-libp2p's client caps them. */
    public static final int MAX_MESSAGE_BYTES = 4096;

    private static final Logger LOG = Logger.getLogger(CircuitCodec.class.getName());

    /** A relay's answer on /hop: its status and, for an accepted RESERVE, the reservation. */
    public record HopAnswer(RelayStatus status, Optional<Reservation> reservation, RelayLimit limit) {
    }

    /** A relay's STOP CONNECT: the peer that dials us through it and what the connection may carry. */
    public record StopConnect(PeerId source, RelayLimit limit) {
    }

    private CircuitCodec() {
    }

    public static byte[] reserve() {
        return CircuitProto.HopMessage.newBuilder().setType(CircuitProto.HopMessage.Type.RESERVE).build().toByteArray();
    }

    public static byte[] connect(PeerId target) {
        return CircuitProto.HopMessage.newBuilder().setType(CircuitProto.HopMessage.Type.CONNECT)
                .setPeer(CircuitProto.Peer.newBuilder().setId(ByteString.copyFrom(target.toBytes())))
                .build().toByteArray();
    }

    public static byte[] stopStatus(RelayStatus status) {
        return CircuitProto.StopMessage.newBuilder().setType(CircuitProto.StopMessage.Type.STATUS)
                .setStatus(CircuitProto.Status.forNumber(status.code())).build().toByteArray();
    }

    /**
     * Decodes the relay's answer to a RESERVE or CONNECT from {@code relay}. An OK answer to a RESERVE must carry a
     * reservation whose expiry is after {@code now}, and its voucher, when there is one, must be signed by the relay
     * and name {@code self}.
     */
    public static HopAnswer decodeHopAnswer(byte[] body, PeerId relay, PeerId self, boolean reserve, Instant now) {
        CircuitProto.HopMessage msg;
        try {
            msg = CircuitProto.HopMessage.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new RelayProtocolException("relay " + relay + " sent a /hop answer that is no HopMessage: "
                    + e.getMessage(), e);
        }
        if (!msg.hasType() || msg.getType() != CircuitProto.HopMessage.Type.STATUS) {
            throw new RelayProtocolException("relay " + relay + " answered on /hop with "
                    + (msg.hasType() ? msg.getType() : "no type") + " instead of STATUS", RelayStatus.UNEXPECTED_MESSAGE);
        }
        RelayStatus status = msg.hasStatus() ? RelayStatus.of(msg.getStatus().getNumber()) : RelayStatus.UNUSED;
        if (status == RelayStatus.UNUSED) {
            throw new RelayProtocolException("relay " + relay + " sent a /hop STATUS without a known status code");
        }
        RelayLimit limit = msg.hasLimit() ? limit(msg.getLimit()) : RelayLimit.NONE;
        if (status != RelayStatus.OK || !reserve) {
            return new HopAnswer(status, Optional.empty(), limit);
        }
        if (!msg.hasReservation() || !msg.getReservation().hasExpire()) {
            throw new RelayProtocolException("relay " + relay + " accepted the RESERVE without a reservation expiry");
        }
        CircuitProto.Reservation r = msg.getReservation();
        long expireSeconds = r.getExpire();
        if (expireSeconds < 0 || expireSeconds > Instant.MAX.getEpochSecond() || Instant.ofEpochSecond(expireSeconds)
                .isBefore(now)) {
            throw new RelayProtocolException("relay " + relay + " sent a reservation that expires in the past ("
                    + Long.toUnsignedString(expireSeconds) + ")");
        }
        if (r.hasVoucher()) {
            checkVoucher(r.getVoucher().toByteArray(), relay, self);
        }
        List<Multiaddr> addrs = new ArrayList<>();
        for (ByteString raw : r.getAddrsList()) {
            try {
                addrs.add(Multiaddr.fromBytes(raw.toByteArray()));
            } catch (RuntimeException e) {
                LOG.fine(() -> "relay " + relay + " sent an unparsable reservation address; skipped: " + e.getMessage());
            }
        }
        return new HopAnswer(status, Optional.of(new Reservation(relay, Instant.ofEpochSecond(expireSeconds), addrs,
                limit)), limit);
    }

    /** Decodes a relay's /stop message, which must be a CONNECT naming the source peer. */
    public static StopConnect decodeStopConnect(byte[] body, PeerId relay) {
        CircuitProto.StopMessage msg;
        try {
            msg = CircuitProto.StopMessage.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new RelayProtocolException("relay " + relay + " sent a /stop message that is no StopMessage: "
                    + e.getMessage(), e);
        }
        if (!msg.hasType() || msg.getType() != CircuitProto.StopMessage.Type.CONNECT) {
            throw new RelayProtocolException("relay " + relay + " sent on /stop "
                    + (msg.hasType() ? msg.getType() : "no type") + " instead of CONNECT", RelayStatus.UNEXPECTED_MESSAGE);
        }
        if (!msg.hasPeer() || !msg.getPeer().hasId()) {
            throw new RelayProtocolException("relay " + relay + " sent a /stop CONNECT without the source peer");
        }
        PeerId source;
        try {
            source = PeerId.fromBytes(msg.getPeer().getId().toByteArray());
        } catch (RuntimeException e) {
            throw new RelayProtocolException("relay " + relay + " sent a /stop CONNECT with a bad source peer id: "
                    + e.getMessage(), e);
        }
        return new StopConnect(source, msg.hasLimit() ? limit(msg.getLimit()) : RelayLimit.NONE);
    }

    /** As go-libp2p's client checks it: a valid envelope of the voucher type, signed by the relay, naming us. */
    private static void checkVoucher(byte[] bytes, PeerId relay, PeerId self) {
        SignedEnvelope envelope;
        try {
            envelope = EnvelopeCodec.decode(bytes);
        } catch (RecordException e) {
            throw new RelayProtocolException("relay " + relay + " sent a reservation voucher that is no signed envelope: "
                    + e.getMessage(), e);
        }
        if (!Arrays.equals(VOUCHER_TYPE, envelope.payloadType()) || !envelope.verify(VOUCHER_DOMAIN)
                || !relay.matches(envelope.publicKey())) {
            throw new RelayProtocolException("relay " + relay + " sent a reservation voucher not signed by itself as "
                    + VOUCHER_DOMAIN);
        }
        CircuitProto.ReservationVoucher voucher;
        try {
            voucher = CircuitProto.ReservationVoucher.parseFrom(envelope.payload());
        } catch (InvalidProtocolBufferException e) {
            throw new RelayProtocolException("relay " + relay + " sent a reservation voucher payload that does not parse: "
                    + e.getMessage(), e);
        }
        if (!Arrays.equals(relay.toBytes(), voucher.getRelay().toByteArray())
                || !Arrays.equals(self.toBytes(), voucher.getPeer().toByteArray())) {
            throw new RelayProtocolException("relay " + relay + " sent a reservation voucher for another relay or peer");
        }
    }

    private static RelayLimit limit(CircuitProto.Limit limit) {
        Optional<Duration> duration = limit.hasDuration() && limit.getDuration() != 0
                ? Optional.of(Duration.ofSeconds(Integer.toUnsignedLong(limit.getDuration()))) : Optional.empty();
        // An unsigned 64-bit count past Long.MAX_VALUE is no limit in practice.
        OptionalLong data = limit.hasData() && limit.getData() != 0
                ? OptionalLong.of(limit.getData() < 0 ? Long.MAX_VALUE : limit.getData()) : OptionalLong.empty();
        return new RelayLimit(duration, data);
    }
}
