package p2p.web.grpc;

import java.util.Locale;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Hands the {@code x-ban-force} request header ({@link AdminRpcs#BAN_FORCE_HEADER}) to the service through the gRPC
 * context, since a service method sees only the request message. Only the exact value {@code true} (any case)
 * forces; anything else, or no header, does not.
 */
public final class BanForceInterceptor implements ServerInterceptor {
    private static final Context.Key<Boolean> FORCED = Context.key("x-ban-force");

    /** True when the current call carried {@code x-ban-force: true}. */
    public static boolean forced() {
        return Boolean.TRUE.equals(FORCED.get());
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        String value = headers.get(AdminRpcs.BAN_FORCE_HEADER);
        boolean forced = value != null && value.strip().toLowerCase(Locale.ROOT).equals("true");
        return Contexts.interceptCall(Context.current().withValue(FORCED, forced), call, headers, next);
    }
}
