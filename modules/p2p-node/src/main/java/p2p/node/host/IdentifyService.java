package p2p.node.host;

import io.netty.channel.Channel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;
import p2p.node.crypto.PeerId;
import p2p.node.identify.IdentifyException;
import p2p.node.identify.IdentifyStreams;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.record.EnvelopeCodec;
import p2p.node.record.PeerRecordCodec;
import p2p.node.record.RecordException;
import p2p.node.wire.Futures;

/**
 * The host's side of identify (libp2p/specs identify/README.md; spec teranode-p2p.md section 2.1): asks every new
 * connection who it is, answers and pushes our own message (with our signed peer record when configured), checks the
 * answer's key against the peer and keeps each peer's newest verified signed record.
 */
final class IdentifyService {
    /** The host's logger: the node logs under one name, as it did before this part left P2PNode. */
    private static final Logger LOG = Logger.getLogger(P2PNode.class.getName());

    private final NodeConfig config;
    private final PeerId self;
    private final ListenAddresses addresses;
    private final Supplier<List<String>> protocols;
    private final StreamOpener streams;
    private final PeerEvents events;
    /** Verified signed peer records from identify, newest per peer; concurrent (written on event loops). */
    private final ConcurrentHashMap<PeerId, HeldRecord> peerRecords = new ConcurrentHashMap<>();
    /** Our own record and its sealed envelope, guarded by this. */
    private PeerRecord ownRecord;
    private byte[] ownRecordBytes;

    IdentifyService(NodeConfig config, PeerId self, ListenAddresses addresses, Supplier<List<String>> protocols,
                    StreamOpener streams, PeerEvents events) {
        this.config = config;
        this.self = self;
        this.addresses = addresses;
        this.protocols = protocols;
        this.streams = streams;
        this.events = events;
    }

    /** Answers a peer's {@code /ipfs/id/1.0.0} stream with our identify message. */
    void respond(Channel stream, Connection conn) {
        IdentifyStreams.write(stream, identifyFor(conn));
    }

    /** Reads a peer's {@code /ipfs/id/push/1.0.0} stream and merges it over what the peer told before. */
    void receivePush(Channel stream, Connection conn) {
        IdentifyStreams.read(stream).whenComplete((info, e) -> onIdentify(conn, info, e, true));
    }

    /** Asks a newly kept connection for the peer's identify message. */
    void request(Connection conn) {
        streams.open(conn.peer(), IdentifyStreams.PROTOCOL_ID, stream -> IdentifyStreams.read(stream)
                        .whenComplete((info, e) -> onIdentify(conn, info, e, false)))
                .whenComplete((s, e) -> {
                    if (e != null) {
                        onIdentify(conn, null, e, false);
                    }
                });
    }

    /** Sends our current identify message to every open connection ({@code /ipfs/id/push/1.0.0}). */
    void push(Iterable<Connection> connections) {
        for (Connection conn : connections) {
            if (!conn.isOpen()) {
                continue;
            }
            streams.open(conn.peer(), IdentifyStreams.PUSH_PROTOCOL_ID, stream -> IdentifyStreams.write(stream,
                            identifyFor(conn)))
                    .whenComplete((s, err) -> {
                        if (err != null) {
                            LOG.fine(() -> "identify push to " + conn.peer() + " failed: " + err);
                        }
                    });
        }
    }

    /** Drops what we hold of {@code peer} once its connection is gone. */
    void forget(PeerId peer) {
        peerRecords.remove(peer);
    }

    Optional<PeerRecord> peerRecord(PeerId peer) {
        return Optional.ofNullable(peerRecords.get(peer)).map(HeldRecord::record);
    }

    Optional<byte[]> signedPeerRecord(PeerId peer) {
        return Optional.ofNullable(peerRecords.get(peer)).map(held -> held.envelope().clone());
    }

    private IdentifyInfo identifyFor(Connection conn) {
        List<Multiaddr> advertised = addresses.advertised();
        Optional<byte[]> record = config.signedPeerRecords() ? Optional.of(ownRecord(advertised)) : Optional.empty();
        return new IdentifyInfo(config.protocolVersion(), config.agentVersion(),
                Optional.of(config.identityKey().publicKey()), advertised,
                Optional.of(conn.remoteAddress), protocols.get(), record);
    }

    /**
     * Our signed peer record for {@code advertised}, sealed again only when they change. The sequence number is the
     * wall clock in nanoseconds as go-libp2p makes it, so a record made after a restart still supersedes older ones.
     */
    private synchronized byte[] ownRecord(List<Multiaddr> advertised) {
        if (ownRecord == null || !ownRecord.addresses().equals(advertised)) {
            long now = Math.multiplyExact(System.currentTimeMillis(), 1_000_000L);
            long seq = ownRecord == null ? now : Math.max(now, ownRecord.seq() + 1);
            ownRecord = new PeerRecord(self, seq, advertised);
            ownRecordBytes = EnvelopeCodec.encode(PeerRecordCodec.seal(ownRecord, config.identityKey()));
        }
        return ownRecordBytes;
    }

    /** A verified record and the envelope it came in: gossipsub peer exchange passes the envelope on as signed. */
    private record HeldRecord(PeerRecord record, byte[] envelope) {
    }

    /**
     * Keeps a peer's signed record when it verifies and is newer than the one held. A bad record is not worth the
     * connection (go-libp2p also just ignores it), but it is logged with the peer so an operator can see it.
     */
    private void acceptRecord(PeerId peer, byte[] envelope) {
        try {
            PeerRecord record = PeerRecordCodec.open(envelope);
            if (!record.peer().equals(peer)) {
                throw new RecordException("identify from " + peer + " carried the peer record of " + record.peer());
            }
            peerRecords.merge(peer, new HeldRecord(record, envelope.clone()),
                    (old, neu) -> neu.record().seq() > old.record().seq() ? neu : old);
        } catch (RecordException e) {
            LOG.info(() -> "ignoring the signed peer record of " + peer + ": " + e.getMessage());
        }
    }

    private void onIdentify(Connection conn, IdentifyInfo info, Throwable error, boolean push) {
        if (error != null) {
            LOG.fine(() -> "identify " + (push ? "push " : "") + "from " + conn.peer() + " failed: " + error);
            if (!push) {
                conn.identified.completeExceptionally(Futures.unwrap(error));
            }
            return;
        }
        if (info.publicKey().isPresent() && !conn.peer().matches(info.publicKey().get())) {
            LOG.warning(() -> "peer " + conn.peer() + " sent an identify key of another peer; disconnecting");
            conn.identified.completeExceptionally(new IdentifyException("identify publicKey does not match peer "
                    + conn.peer()));
            conn.upgraded.channel().close();
            return;
        }
        info.signedPeerRecord().ifPresent(record -> acceptRecord(conn.peer(), record));
        conn.applyIdentify(info, push);
        events.identified(conn.snapshot());
    }
}
