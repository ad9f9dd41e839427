package p2p.node.relay;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.logging.Logger;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.relay.pb.CircuitProto;

/**
 * Encodes and decodes the circuit relay v2 messages of the client side (libp2p/specs relay/circuit-v2.md,
 * "Protobuf"): the HopMessages we send (RESERVE, CONNECT) and the relay's STATUS answers, the StopMessage CONNECT a
 * relay sends and our STATUS answer. The bodies only; {@link RelayStreams} adds the varint length prefix and the cap
 * of {@link #MAX_MESSAGE_BYTES}. Decoding fails with {@link RelayProtocolException} on bytes that are no such
 * message, a missing type or status, or a bad peer id; unparsable relay addresses are skipped (and logged), as
 * go-libp2p's client skips them.
 */
public final class CircuitCodec {
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
     * reservation whose expiry is after {@code now}.
     */
    public static HopAnswer decodeHopAnswer(byte[] body, PeerId relay, boolean reserve, Instant now) {
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

    private static RelayLimit limit(CircuitProto.Limit limit) {
        Optional<Duration> duration = limit.hasDuration() && limit.getDuration() != 0
                ? Optional.of(Duration.ofSeconds(Integer.toUnsignedLong(limit.getDuration()))) : Optional.empty();
        // An unsigned 64-bit count past Long.MAX_VALUE is no limit in practice.
        OptionalLong data = limit.hasData() && limit.getData() != 0
                ? OptionalLong.of(limit.getData() < 0 ? Long.MAX_VALUE : limit.getData()) : OptionalLong.empty();
        return new RelayLimit(duration, data);
    }
}
