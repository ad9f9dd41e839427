package p2p.web.grpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;

/**
 * gRPC server metrics under the names Go's go-grpc-prometheus interceptor gives them, so a Teranode dashboard reads
 * them unchanged (spec section 12): {@code grpc_server_started_total}, {@code grpc_server_handled_total} (with
 * {@code grpc_code} as Go spells it: {@code OK}, {@code Unauthenticated}, {@code InvalidArgument}, ...),
 * {@code grpc_server_msg_received_total} and {@code grpc_server_msg_sent_total}, each labelled {@code grpc_type},
 * {@code grpc_service}, {@code grpc_method}. Registered outermost, so calls refused by the key check are counted.
 */
public final class GrpcServerMetrics implements ServerInterceptor, AutoCloseable {
    private final MeterRegistry registry;
    private final List<Tag> common;
    /** Counter per name and label values; meters are created on first use, then looked up without the registry. */
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

    /** @param common tags every series carries (the node's {@code peer_id}) */
    public GrpcServerMetrics(MeterRegistry registry, List<Tag> common) {
        this.registry = registry;
        this.common = List.copyOf(common);
    }

    /** Removes the meters created so far from the registry, which outlives this server. */
    @Override
    public void close() {
        counters.values().forEach(registry::remove);
        counters.clear();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        MethodDescriptor<Q, R> method = call.getMethodDescriptor();
        String type = goType(method.getType());
        String service = method.getServiceName();
        String name = method.getBareMethodName();
        counter("grpc_server_started_total", "Total number of RPCs started on the server.", type, service, name, null)
                .increment();
        ServerCall<Q, R> counted = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void sendMessage(R message) {
                counter("grpc_server_msg_sent_total", "Total number of gRPC stream messages sent by the server.",
                        type, service, name, null).increment();
                super.sendMessage(message);
            }

            @Override
            public void close(Status status, Metadata trailers) {
                counter("grpc_server_handled_total",
                        "Total number of RPCs completed on the server, regardless of success or failure.",
                        type, service, name, goCode(status.getCode())).increment();
                super.close(status, trailers);
            }
        };
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(counted, headers)) {
            @Override
            public void onMessage(Q message) {
                counter("grpc_server_msg_received_total",
                        "Total number of RPC stream messages received on the server.", type, service, name, null)
                        .increment();
                super.onMessage(message);
            }
        };
    }

    private Counter counter(String metric, String help, String type, String service, String method, String code) {
        List<String> key = code == null ? List.of(metric, type, service, method)
                : List.of(metric, type, service, method, code);
        return counters.computeIfAbsent(key, k -> {
            List<Tag> tags = new ArrayList<>(common);
            tags.add(Tag.create("grpc_type", type));
            tags.add(Tag.create("grpc_service", service));
            tags.add(Tag.create("grpc_method", method));
            if (code != null) {
                tags.add(Tag.create("grpc_code", code));
            }
            return registry.getOrCreate(Counter.builder(metric).description(help).tags(tags));
        });
    }

    /** go-grpc-prometheus's {@code grpc_type} values. */
    static String goType(MethodDescriptor.MethodType type) {
        return switch (type) {
            case UNARY -> "unary";
            case CLIENT_STREAMING -> "client_stream";
            case SERVER_STREAMING -> "server_stream";
            case BIDI_STREAMING, UNKNOWN -> "bidi_stream";
        };
    }

    /** Go's {@code codes.Code.String()}: {@code OK}, else the upper-case name in camel case ({@code DeadlineExceeded}). */
    static String goCode(Status.Code code) {
        if (code == Status.Code.OK) {
            return "OK";
        }
        StringBuilder out = new StringBuilder();
        for (String part : code.name().split("_")) {
            out.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }
}
