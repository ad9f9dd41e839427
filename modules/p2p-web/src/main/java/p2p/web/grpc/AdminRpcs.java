package p2p.web.grpc;

import java.util.Set;

import io.grpc.Metadata;

import p2p.web.pb.PeerServiceGrpc;

/**
 * The one place that says which {@code p2p_api.PeerService} calls need the admin key, and the request headers of
 * the service (spec section 6.1).
 *
 * <p>Teranode protects only BanPeer and UnbanPeer, so anyone who reaches its gRPC port can wipe the ban list
 * (ClearBanned) or push any peer over the ban threshold (AddBanScore) (spec 14.2 #14). Here every call that
 * changes state needs the key: BanPeer, UnbanPeer, ClearBanned, AddBanScore. The read-only ones (GetPeers,
 * IsBanned, ListBanned) stay open, as in Teranode. Teranode's RPC and alert services send their own
 * {@code grpc_admin_api_key} setting as {@code x-api-key} on every call, so setting the same value on both sides is
 * all an operator does.
 */
public final class AdminRpcs {
    /** The request header carrying the key (Teranode: {@code apiKeyHeader = "x-api-key"}). */
    public static final Metadata.Key<String> API_KEY_HEADER =
            Metadata.Key.of(p2p.web.AdminKey.HEADER, Metadata.ASCII_STRING_MARSHALLER);

    /**
     * The request header by which a BanPeer caller says it means a ban {@link BanWidthRule} would refuse:
     * {@code x-ban-force: true}. A Java-only extension; Teranode's clients never send it.
     */
    public static final Metadata.Key<String> BAN_FORCE_HEADER =
            Metadata.Key.of("x-ban-force", Metadata.ASCII_STRING_MARSHALLER);

    /** Full method names of the calls that change state. */
    private static final Set<String> KEY_REQUIRED = Set.of(
            PeerServiceGrpc.getBanPeerMethod().getFullMethodName(),
            PeerServiceGrpc.getUnbanPeerMethod().getFullMethodName(),
            PeerServiceGrpc.getClearBannedMethod().getFullMethodName(),
            PeerServiceGrpc.getAddBanScoreMethod().getFullMethodName());

    private AdminRpcs() {
    }

    /** True when {@code fullMethodName} ({@code p2p_api.PeerService/BanPeer}) needs the admin key. */
    public static boolean requiresKey(String fullMethodName) {
        return KEY_REQUIRED.contains(fullMethodName);
    }

    /** The full method names that need the admin key. */
    public static Set<String> keyRequired() {
        return KEY_REQUIRED;
    }
}
