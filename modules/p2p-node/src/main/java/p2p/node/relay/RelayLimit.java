package p2p.node.relay;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a relay lets one relayed connection carry (circuit-v2.md, "Limit"): how long it may last and how many bytes
 * it may relay in each direction; the relay resets the connection past either.
 *
 * @param duration  the time limit, if any
 * @param dataBytes the byte limit per direction, if any
 */
public record RelayLimit(Optional<Duration> duration, OptionalLong dataBytes) {
    /** No limit: a relay that sent no Limit message. */
    public static final RelayLimit NONE = new RelayLimit(Optional.empty(), OptionalLong.empty());

    public RelayLimit {
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(dataBytes, "dataBytes");
    }

    public boolean isLimited() {
        return duration.isPresent() || dataBytes.isPresent();
    }

    @Override
    public String toString() {
        return isLimited()
                ? "limit{" + duration.map(d -> d.toSeconds() + " s").orElse("no time limit") + ", "
                        + (dataBytes.isPresent() ? dataBytes.getAsLong() + " bytes" : "no data limit") + "}"
                : "no limit";
    }
}
