package p2p.web.grpc;

import java.util.Optional;
import java.util.logging.Logger;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

import p2p.web.AdminKey;

/**
 * Guards the calls that change state ({@link AdminRpcs#requiresKey}: BanPeer, UnbanPeer, ClearBanned, AddBanScore)
 * with the {@code grpc_admin_api_key}, sent by the caller as the {@code x-api-key} request header as in Teranode's
 * auth interceptor (spec section 6). A missing or wrong key ends the call with UNAUTHENTICATED before the service
 * sees it; read-only calls pass untouched.
 */
public final class ApiKeyInterceptor implements ServerInterceptor {
    private static final Logger LOG = Logger.getLogger(ApiKeyInterceptor.class.getName());

    /** The request header carrying the key (Teranode: {@code apiKeyHeader = "x-api-key"}). */
    public static final Metadata.Key<String> API_KEY_HEADER = AdminRpcs.API_KEY_HEADER;

    private final AdminKey adminKey;

    /** @param apiKey the admin key */
    public ApiKeyInterceptor(String apiKey) {
        this(new AdminKey(apiKey));
    }

    /** @param adminKey the check shared with the dashboard's POSTs under {@code /api/v1/} */
    public ApiKeyInterceptor(AdminKey adminKey) {
        this.adminKey = adminKey;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        if (!AdminRpcs.requiresKey(method)) {
            return next.startCall(call, headers);
        }
        Optional<AdminKey.Refusal> refusal = adminKey.check(headers.get(API_KEY_HEADER));
        if (refusal.isPresent()) {
            return refuse(call, method, refusal.get().message());
        }
        return next.startCall(call, headers);
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, String method, String why) {
        LOG.warning(() -> "refused " + method + " from " + call.getAttributes()
                .get(io.grpc.Grpc.TRANSPORT_ATTR_REMOTE_ADDR) + ": " + why);
        // Answer only after the client's request is complete (its half-close). Closing at once leaves frames of the
        // client in flight on a stream the server has closed; the resets that follow are counted by Helidon's HTTP/2
        // attack checks (rapid reset, "MadeYouReset"), which then send GOAWAY and drop the connection, and with it
        // the caller's next, correctly keyed call.
        call.request(1);
        return new ServerCall.Listener<>() {
            @Override
            public void onMessage(Q ignored) {
                call.request(1);
            }

            @Override
            public void onHalfClose() {
                call.close(Status.UNAUTHENTICATED.withDescription(why), new Metadata());
            }
        };
    }
}
