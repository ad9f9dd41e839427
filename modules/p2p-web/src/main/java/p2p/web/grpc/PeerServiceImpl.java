package p2p.web.grpc;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import com.google.protobuf.Empty;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

import p2p.ban.BanReason;
import p2p.web.BanListAccess;
import p2p.web.BanScoring;
import p2p.web.PeerDirectory;
import p2p.web.PeerView;
import p2p.web.pb.AddBanScoreRequest;
import p2p.web.pb.AddBanScoreResponse;
import p2p.web.pb.BanPeerRequest;
import p2p.web.pb.BanPeerResponse;
import p2p.web.pb.ClearBannedResponse;
import p2p.web.pb.GetPeersResponse;
import p2p.web.pb.IsBannedRequest;
import p2p.web.pb.IsBannedResponse;
import p2p.web.pb.ListBannedResponse;
import p2p.web.pb.PeerServiceGrpc;
import p2p.web.pb.UnbanPeerRequest;
import p2p.web.pb.UnbanPeerResponse;

/**
 * Teranode's {@code p2p_api.PeerService} (spec section 6). Ban rpcs go to the ban list, AddBanScore to the ban
 * manager, GetPeers to the peer directory. Bad input ends the call with INVALID_ARGUMENT and a message naming the
 * field; an unexpected failure ends only that call, with INTERNAL.
 */
public final class PeerServiceImpl extends PeerServiceGrpc.PeerServiceImplBase {
    private static final Logger LOG = Logger.getLogger(PeerServiceImpl.class.getName());
    private static final String VALID_REASONS = Arrays.stream(BanReason.values())
            .map(BanReason::wireName).collect(Collectors.joining(", "));

    private final BanListAccess banList;
    private final BanScoring banScoring;
    private final PeerDirectory peers;
    private final BanCommands commands;

    public PeerServiceImpl(BanListAccess banList, BanScoring banScoring, PeerDirectory peers,
                           Duration defaultBanDuration, Clock clock) {
        this.banList = banList;
        this.banScoring = banScoring;
        this.peers = peers;
        this.commands = new BanCommands(banList, peers, defaultBanDuration, clock);
    }

    @Override
    public void getPeers(Empty request, StreamObserver<GetPeersResponse> out) {
        answer(out, "GetPeers", () -> {
            GetPeersResponse.Builder response = GetPeersResponse.newBuilder();
            for (PeerView peer : peers.peers()) {
                int score = banScoring.score(peer.id()).map(s -> s.score()).orElse(peer.banScore());
                response.addPeers(PeerMapper.toProto(peer, score));
            }
            return response.build();
        });
    }

    /**
     * Bans {@code addr} until {@code until} as {@link BanCommands#ban} says; a ban wider than {@link BanWidthRule}
     * allows, or covering this node's own addresses, is INVALID_ARGUMENT unless the request carries
     * {@code x-ban-force: true}.
     */
    @Override
    public void banPeer(BanPeerRequest request, StreamObserver<BanPeerResponse> out) {
        answer(out, "BanPeer", () -> {
            commands.ban(request.getAddr(), request.getUntil(), BanForceInterceptor.forced());
            return BanPeerResponse.newBuilder().setOk(true).build();
        });
    }

    /** Removes a ban; like Teranode, answers ok also when the entry did not exist. */
    @Override
    public void unbanPeer(UnbanPeerRequest request, StreamObserver<UnbanPeerResponse> out) {
        answer(out, "UnbanPeer", () -> {
            commands.unban(request.getAddr());
            return UnbanPeerResponse.newBuilder().setOk(true).build();
        });
    }

    @Override
    public void isBanned(IsBannedRequest request, StreamObserver<IsBannedResponse> out) {
        answer(out, "IsBanned", () -> IsBannedResponse.newBuilder()
                .setIsBanned(banList.isBanned(request.getIpOrSubnet()))
                .build());
    }

    @Override
    public void listBanned(Empty request, StreamObserver<ListBannedResponse> out) {
        answer(out, "ListBanned", () -> ListBannedResponse.newBuilder()
                .addAllBanned(banList.listBanned())
                .build());
    }

    @Override
    public void clearBanned(Empty request, StreamObserver<ClearBannedResponse> out) {
        answer(out, "ClearBanned", () -> {
            banList.clear();
            return ClearBannedResponse.newBuilder().setOk(true).build();
        });
    }

    /**
     * Adds a reason's points to a peer's score. As in Teranode, a reason that is not one of the known names counts
     * as {@code unknown} (1 point), with a warning naming it and the valid names.
     */
    @Override
    public void addBanScore(AddBanScoreRequest request, StreamObserver<AddBanScoreResponse> out) {
        answer(out, "AddBanScore", () -> {
            String peerId = required("peer_id", request.getPeerId());
            BanReason reason = BanReason.fromWireNameOrUnknown(request.getReason());
            if (reason == BanReason.UNKNOWN && !request.getReason().equals(BanReason.UNKNOWN.wireName())) {
                LOG.warning(() -> "AddBanScore: reason '" + request.getReason() + "' for peer " + peerId
                        + " is not a ban reason (valid: " + VALID_REASONS + "); scored as unknown, 1 point");
            }
            var score = banScoring.addScore(peerId, reason);
            LOG.info(() -> "AddBanScore: peer " + peerId + " reason " + reason.wireName() + " -> score "
                    + score.score() + (score.banned() ? ", banned until " + score.bannedUntil() : ""));
            return AddBanScoreResponse.newBuilder().setOk(true).build();
        });
    }

    private static String required(String field, String value) {
        return BanCommands.required(field, value);
    }

    private static <T> void answer(StreamObserver<T> out, String rpc, Supplier<T> body) {
        T response;
        try {
            response = body.get();
        } catch (IllegalArgumentException | DateTimeException e) {
            out.onError(Status.INVALID_ARGUMENT.withDescription(rpc + ": " + e.getMessage()).asRuntimeException());
            return;
        } catch (StatusRuntimeException e) {
            out.onError(e);
            return;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, rpc + " failed", e);
            out.onError(Status.INTERNAL.withDescription(rpc + " failed: " + e.getMessage())
                    .withCause(e).asRuntimeException());
            return;
        }
        out.onNext(response);
        out.onCompleted();
    }
}
