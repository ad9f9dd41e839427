package p2p.web.health;

import java.util.ArrayList;
import java.util.List;

import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import p2p.web.json.JsonText;

/**
 * {@code GET /health} (liveness: the process answers; nothing external is checked, spec section 8) and
 * {@code GET /health/ready} (readiness: every check, 503 when any is down).
 */
public final class HealthRoutes {
    private final ReadinessEvaluator readiness;

    public HealthRoutes(ReadinessEvaluator readiness) {
        this.readiness = readiness;
    }

    public void register(HttpRouting.Builder routing) {
        routing.get("/health", this::live);
        routing.get("/health/ready", this::ready);
    }

    private void live(ServerRequest request, ServerResponse response) {
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(JsonText.object().field("status", "UP").end());
    }

    private void ready(ServerRequest request, ServerResponse response) {
        List<ReadinessEvaluator.Result> results = readiness.evaluate();
        boolean allOk = results.stream().allMatch(ReadinessEvaluator.Result::ok);
        List<String> checks = new ArrayList<>(results.size());
        for (ReadinessEvaluator.Result result : results) {
            checks.add(JsonText.object()
                    .field("name", result.name())
                    .field("ok", result.ok())
                    .field("detail", result.detail())
                    .end());
        }
        response.status(allOk ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503);
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(JsonText.object()
                .field("status", allOk ? "UP" : "DOWN")
                .rawField("checks", JsonText.array(checks))
                .end());
    }
}
