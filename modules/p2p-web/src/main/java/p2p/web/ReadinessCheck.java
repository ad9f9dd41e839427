package p2p.web;

import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * One dependency that {@code /health/ready} reports (blockchain client, FSM state, block validation, Kafka: spec
 * section 8). A check that throws or does not answer in time counts as down.
 */
public interface ReadinessCheck {

    /** Short stable name shown in the readiness document, e.g. {@code blockchain}. */
    String name();

    /** Probes the dependency; may block briefly (it runs on its own virtual thread with a deadline). */
    Status check() throws Exception;

    /** The outcome of one probe. */
    record Status(boolean ok, String detail) {
        public Status {
            Objects.requireNonNull(detail, "detail");
        }

        public static Status up(String detail) {
            return new Status(true, detail);
        }

        public static Status down(String detail) {
            return new Status(false, detail);
        }
    }

    /** A check from a name and a probe. */
    static ReadinessCheck of(String name, Callable<Status> probe) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(probe, "probe");
        return new ReadinessCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Status check() throws Exception {
                return probe.call();
            }
        };
    }
}
