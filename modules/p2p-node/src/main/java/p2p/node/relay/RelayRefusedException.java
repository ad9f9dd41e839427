package p2p.node.relay;

import java.util.Objects;
import p2p.node.crypto.PeerId;

/**
 * A relay answered a RESERVE or CONNECT with a status other than OK; the message names the relay, the request and
 * the status, so an operator can tell a full relay (RESERVATION_REFUSED) from a target that holds no reservation
 * (NO_RESERVATION).
 */
public final class RelayRefusedException extends RuntimeException {
    private final PeerId relay;
    private final RelayStatus status;

    public RelayRefusedException(PeerId relay, String request, RelayStatus status) {
        super("relay " + relay + " answered " + status + " to " + request);
        this.relay = Objects.requireNonNull(relay, "relay");
        this.status = Objects.requireNonNull(status, "status");
    }

    public PeerId relay() {
        return relay;
    }

    public RelayStatus status() {
        return status;
    }
}
