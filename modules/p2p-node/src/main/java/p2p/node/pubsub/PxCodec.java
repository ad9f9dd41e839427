package p2p.node.pubsub;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import p2p.node.crypto.PeerId;
import p2p.node.host.PeerRecord;
import p2p.node.pubsub.pb.PubsubProto.PeerInfo;
import p2p.node.record.PeerRecordCodec;
import p2p.node.record.RecordException;

/**
 * The {@code PeerInfo{peerID = 1, signedPeerRecord = 2}} entries of a ControlPrune (gossipsub-v1.1.md "Prune Backoff
 * and Peer Exchange", pubsub.proto) to and from our types. Pure: no I/O, no router state. The RPC itself is parsed by
 * {@link RpcCodec}, which already bounds the whole frame; this class bounds and checks the entries one by one.
 */
final class PxCodec {
    /**
     * Largest signed record accepted. A record carries at most {@link PeerRecord#MAX_ADDRESSES} addresses; go-libp2p
     * keeps its own identify message, record included, within 4 KiB, so 8 KiB leaves room without letting one
     * entry make us verify a large blob.
     */
    static final int MAX_RECORD_BYTES = 8 * 1024;

    /**
     * The entries of one PRUNE, checked.
     *
     * @param candidates the well-formed entries, at most the cap
     * @param rejected   entries dropped for a missing or malformed peer id, or an oversized, unverifiable or
     *                   mismatched record (each one logged by the caller through {@code reasons})
     * @param overCap    entries beyond the cap, dropped unread
     * @param reasons    why each rejected entry was dropped, for the log
     */
    record Decoded(List<PxCandidate> candidates, int rejected, int overCap, List<String> reasons) {
    }

    private PxCodec() {
    }

    /**
     * One entry: the peer id, and its record envelope when we hold one. go-libp2p-pubsub offers a peer whose record it
     * does not hold by id alone (the receiver can only dial it if it knows addresses from elsewhere); so do we.
     */
    static PeerInfo encode(PeerId peer, Optional<byte[]> signedRecord) {
        PeerInfo.Builder info = PeerInfo.newBuilder().setPeerID(ByteString.copyFrom(peer.toBytes()));
        signedRecord.ifPresent(r -> info.setSignedPeerRecord(ByteString.copyFrom(r)));
        return info.build();
    }

    /**
     * Checks the entries of a received PRUNE. As go-libp2p-pubsub does, more than {@code cap} entries are shuffled
     * and cut to {@code cap} before any record is verified (so a long list costs no signature checks), and an entry
     * with a bad record is dropped whole rather than dialled without it. The peer that sent bad entries is not
     * punished: it relays records it got from others, and go does not punish it either.
     */
    static Decoded decode(List<PeerInfo> entries, int cap, RandomGenerator random) {
        List<PeerInfo> kept = entries;
        int overCap = 0;
        if (entries.size() > cap) {
            kept = new ArrayList<>(entries);
            for (int i = kept.size() - 1; i > 0; i--) {
                Collections.swap(kept, i, random.nextInt(i + 1));
            }
            overCap = kept.size() - cap;
            kept = kept.subList(0, cap);
        }
        List<PxCandidate> candidates = new ArrayList<>(kept.size());
        List<String> reasons = new ArrayList<>();
        for (PeerInfo info : kept) {
            try {
                candidates.add(decode(info));
            } catch (RecordException e) {
                reasons.add(e.getMessage());
            }
        }
        return new Decoded(candidates, reasons.size(), overCap, reasons);
    }

    /** One entry; {@link RecordException} names what is wrong with it. */
    static PxCandidate decode(PeerInfo info) {
        if (!info.hasPeerID() || info.getPeerID().isEmpty()) {
            throw new RecordException("PX entry without peerID");
        }
        PeerId peer;
        try {
            peer = PeerId.fromBytes(info.getPeerID().toByteArray());
        } catch (RuntimeException e) {
            throw new RecordException("PX entry with a malformed peerID: " + e.getMessage(), e);
        }
        if (!info.hasSignedPeerRecord() || info.getSignedPeerRecord().isEmpty()) {
            return new PxCandidate(peer, Optional.empty());
        }
        int size = info.getSignedPeerRecord().size();
        if (size > MAX_RECORD_BYTES) {
            throw new RecordException("PX record of " + peer + " is " + size + " bytes, over the limit of "
                    + MAX_RECORD_BYTES);
        }
        PeerRecord record;
        try {
            record = PeerRecordCodec.open(info.getSignedPeerRecord().toByteArray());
        } catch (RecordException e) {
            throw new RecordException("PX record of " + peer + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new RecordException("PX record of " + peer + " is malformed: " + e.getMessage(), e);
        }
        if (!record.peer().equals(peer)) {
            throw new RecordException("PX entry for " + peer + " carries the record of " + record.peer());
        }
        return new PxCandidate(peer, Optional.of(record));
    }
}
