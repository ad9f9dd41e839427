package p2p.node.pubsub;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import p2p.node.crypto.PeerId;
import p2p.node.host.P2PNode;
import p2p.node.host.PeerRecord;
import p2p.node.multiaddr.Multiaddr;

/**
 * Peer exchange on a {@link P2PNode} (gossipsub-v1.1.md "Prune Backoff and Peer Exchange", teranode-2026.md 1.2):
 * offers the envelopes of the records the host verified in identify, and dials offered peers with
 * {@link P2PNode#connect}, so the host's connection gater (the private-address gater of 2026) decides as for any
 * dial. Offered records are kept in a {@link PxAddressBook}; a record the host holds with a higher seq wins over it.
 * At most {@link GossipConfig#maxPxConnections()} dials run at once; further candidates are dropped and counted, as
 * go drops them when its pending-connection queue is full. An offered peer without a record is dialled only if we
 * know its addresses from an earlier record; go does the same from its address book.
 */
public final class NodePeerExchange implements PeerExchange {
    private static final System.Logger LOG = System.getLogger(NodePeerExchange.class.getName());
    /** Records kept for peers we are not connected to. */
    static final int ADDRESS_BOOK_CAPACITY = 1024;

    private final P2PNode node;
    private final int maxInFlight;
    private final PxAddressBook book = new PxAddressBook(ADDRESS_BOOK_CAPACITY);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong dialled = new AtomicLong();
    private final AtomicLong connected = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong noAddress = new AtomicLong();
    private final AtomicLong overLimit = new AtomicLong();

    NodePeerExchange(P2PNode node, int maxInFlight) {
        this.node = node;
        this.maxInFlight = maxInFlight;
    }

    @Override
    public Optional<byte[]> signedRecord(PeerId peer) {
        return node.signedPeerRecord(peer);
    }

    @Override
    public void connect(PeerId from, List<PxCandidate> candidates) {
        for (PxCandidate candidate : candidates) {
            PeerId peer = candidate.peer();
            if (node.isConnected(peer)) {
                continue;
            }
            Optional<PeerRecord> record = newest(peer, candidate.record().map(book::store));
            List<Multiaddr> addresses = record.map(PeerRecord::addresses).orElse(List.of());
            if (addresses.isEmpty()) {
                noAddress.incrementAndGet();
                continue;
            }
            if (inFlight.incrementAndGet() > maxInFlight) {
                inFlight.decrementAndGet();
                overLimit.incrementAndGet();
                continue;
            }
            dialled.incrementAndGet();
            LOG.log(System.Logger.Level.DEBUG, "dialling {0}, offered by {1} in peer exchange", peer, from);
            dial(peer, addresses, 0).whenComplete((ok, e) -> {
                inFlight.decrementAndGet();
                if (e == null) {
                    connected.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    LOG.log(System.Logger.Level.DEBUG, "peer exchange dial to {0} failed: {1}", peer, e.getMessage());
                }
            });
        }
    }

    /** The record of highest seq among the one just stored and the one the host verified in identify. */
    private Optional<PeerRecord> newest(PeerId peer, Optional<PeerRecord> stored) {
        Optional<PeerRecord> known = stored.or(() -> book.get(peer));
        Optional<PeerRecord> host = node.peerRecord(peer);
        if (host.isPresent() && (known.isEmpty() || host.get().seq() > known.get().seq())) {
            return host;
        }
        return known;
    }

    /** Tries the addresses in turn until one connects (a record may list addresses of transports we lack). */
    private CompletableFuture<Void> dial(PeerId peer, List<Multiaddr> addresses, int index) {
        CompletableFuture<?> attempt;
        try {
            attempt = node.connect(addresses.get(index).withoutPeerId().withPeerId(peer.toBytes()));
        } catch (RuntimeException e) {
            // This runs on the router's loop: an address that cannot even be dialled must not escape as a throw.
            attempt = CompletableFuture.failedFuture(e);
        }
        return attempt.<Void>thenApply(info -> null).exceptionallyCompose(e -> index + 1 < addresses.size()
                ? dial(peer, addresses, index + 1) : CompletableFuture.failedFuture(e));
    }

    /** The records learnt through PX and held. */
    public int recordsHeld() {
        return book.size();
    }

    /** Dials started for offered peers. */
    public long dialled() {
        return dialled.get();
    }

    /** Offered peers we then connected to. */
    public long connected() {
        return connected.get();
    }

    /** Dials that failed on every address (or were refused by the gater). */
    public long failed() {
        return failed.get();
    }

    /** Offered peers not dialled: no record now or earlier, so no address. */
    public long noAddress() {
        return noAddress.get();
    }

    /** Offered peers not dialled: {@link GossipConfig#maxPxConnections()} dials were already running. */
    public long overLimit() {
        return overLimit.get();
    }
}
