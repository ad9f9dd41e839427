package p2p.node.relay;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import p2p.node.multiaddr.Multiaddr;

/** {@code p2p_relay_reservations}: auto guesses reachability from the addresses; always and never override it. */
class ReservationPolicyTest {
    private static final List<Multiaddr> PRIVATE = List.of(Multiaddr.parse("/ip4/192.168.1.5/tcp/9905"),
            Multiaddr.parse("/ip4/127.0.0.1/tcp/9905"), Multiaddr.parse("/ip6/::1/tcp/9905"));
    private static final List<Multiaddr> WITH_PUBLIC = List.of(Multiaddr.parse("/ip4/10.0.0.2/tcp/9905"),
            Multiaddr.parse("/ip4/203.0.113.7/tcp/9905"));

    @Test
    void autoReservesBehindNatOnlyAndNotWhenTheOperatorGaveAdvertiseAddresses() {
        assertTrue(ReservationPolicy.AUTO.reserve(false, PRIVATE));
        assertTrue(ReservationPolicy.AUTO.reserve(false, List.of()));
        assertFalse(ReservationPolicy.AUTO.reserve(false, WITH_PUBLIC));
        assertFalse(ReservationPolicy.AUTO.reserve(true, PRIVATE));
        assertFalse(ReservationPolicy.AUTO.reserve(false, List.of(Multiaddr.parse("/ip4/0.0.0.0/tcp/1"),
                Multiaddr.parse("/ip4/100.64.3.1/tcp/1"), Multiaddr.parse("/ip4/8.8.8.8/tcp/1"))));
    }

    @Test
    void alwaysAndNeverOverrideAndBadValuesNameTheSetting() {
        assertTrue(ReservationPolicy.parse("Always").reserve(true, WITH_PUBLIC));
        assertFalse(ReservationPolicy.parse("never").reserve(false, PRIVATE));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReservationPolicy.parse("maybe")).getMessage()
                .contains("p2p_relay_reservations"));
    }
}
