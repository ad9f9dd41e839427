package p2p.web.grpc;

import io.grpc.BindableService;
import io.helidon.webserver.grpc.GrpcRouting;

import p2p.web.pb.P2pApiProto;

/**
 * The gRPC routing of the PeerService listener (spec section 6): the service with its proto (so reflection can
 * describe it), the call metrics outermost, then the admin-key check of {@link AdminRpcs#requiresKey}, then the
 * {@code x-ban-force} header handed to the service.
 */
public final class PeerServiceRouting {
    /** Higher weight runs first: metrics must see the calls the key check refuses. */
    private static final int METRICS_WEIGHT = 200;
    private static final int AUTH_WEIGHT = 100;
    private static final int BAN_FORCE_WEIGHT = 50;

    private PeerServiceRouting() {
    }

    /**
     * @param service the PeerService implementation
     * @param apiKey  the admin key
     * @param metrics counts {@code grpc_server_*}; {@code null} when {@code use_prometheus_grpc_metrics} is off
     */
    public static GrpcRouting.Builder create(BindableService service, String apiKey, GrpcServerMetrics metrics) {
        return create(service, new p2p.web.AdminKey(apiKey), metrics);
    }

    /** As above, with the admin-key check the dashboard's POSTs share. */
    public static GrpcRouting.Builder create(BindableService service, p2p.web.AdminKey apiKey,
                                             GrpcServerMetrics metrics) {
        GrpcRouting.Builder routing = GrpcRouting.builder()
                .service(P2pApiProto.getDescriptor(), service)
                .intercept(AUTH_WEIGHT, new ApiKeyInterceptor(apiKey))
                .intercept(BAN_FORCE_WEIGHT, new BanForceInterceptor());
        if (metrics != null) {
            routing.intercept(METRICS_WEIGHT, metrics);
        }
        return routing;
    }
}
