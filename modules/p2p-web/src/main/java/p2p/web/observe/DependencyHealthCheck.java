package p2p.web.observe;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

import p2p.web.ReadinessCheck;

/**
 * One dependency of readiness (blockchain, FSM, block validation, a Kafka cluster: spec section 8) as a Helidon
 * {@link HealthCheck}. The probe runs on a virtual thread with a deadline, so a hung dependency reports DOWN instead
 * of hanging the probe; a probe that throws is DOWN with the exception named.
 */
public final class DependencyHealthCheck implements HealthCheck {
    private final ReadinessCheck check;
    private final Duration timeout;
    private final ExecutorService executor;

    /** @param executor where probes run (one virtual thread each); owned by the caller */
    public DependencyHealthCheck(ReadinessCheck check, Duration timeout, ExecutorService executor) {
        this.check = check;
        this.timeout = timeout;
        this.executor = executor;
    }

    @Override
    public String name() {
        return check.name();
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public HealthCheckResponse call() {
        Future<ReadinessCheck.Status> future = executor.submit(check::check);
        try {
            ReadinessCheck.Status status = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (status == null) {
                return response(false, "check returned no status");
            }
            return response(status.ok(), status.detail());
        } catch (TimeoutException e) {
            future.cancel(true);
            return response(false, "no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return response(false, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return response(false, "interrupted");
        }
    }

    private static HealthCheckResponse response(boolean up, String detail) {
        return HealthCheckResponse.builder().status(up).detail("detail", detail).build();
    }
}
