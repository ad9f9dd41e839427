package p2p.node.transport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import p2p.node.host.ConnectionLimits;

class ConnectionCounterTest {
    @Test
    void perIpCapAppliesToEachAddressSeparately() throws Exception {
        ConnectionCounter counter = new ConnectionCounter(new ConnectionLimits(10, 2, Duration.ofSeconds(1)));
        InetAddress a = InetAddress.getByName("10.0.0.1");
        InetAddress b = InetAddress.getByName("10.0.0.2");
        assertTrue(counter.tryAcquire(a));
        assertTrue(counter.tryAcquire(a));
        assertFalse(counter.tryAcquire(a));
        assertTrue(counter.tryAcquire(b));
        assertEquals(3, counter.open());
        counter.release(a);
        assertEquals(1, counter.openFrom(a));
        assertTrue(counter.tryAcquire(a));
    }

    @Test
    void totalCapRefusesAndRefusalTakesNoSlot() throws Exception {
        ConnectionCounter counter = new ConnectionCounter(new ConnectionLimits(2, 2, Duration.ofSeconds(1)));
        InetAddress a = InetAddress.getByName("10.0.0.1");
        InetAddress b = InetAddress.getByName("10.0.0.2");
        assertTrue(counter.tryAcquire(a));
        assertTrue(counter.tryAcquire(b));
        assertFalse(counter.tryAcquire(b));
        assertEquals(2, counter.open());
        assertEquals(1, counter.openFrom(b));
        counter.release(a);
        counter.release(b);
        assertEquals(0, counter.open());
        assertEquals(0, counter.openFrom(a));
    }

    @Test
    void limitsRejectNonPositiveValuesNamingTheSetting() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new ConnectionLimits(0, 1, Duration.ofSeconds(1))).getMessage().contains("maxConnections"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new ConnectionLimits(1, 0, Duration.ofSeconds(1))).getMessage().contains("maxPerIp"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new ConnectionLimits(1, 1, Duration.ZERO)).getMessage().contains("handshakeTimeout"));
    }

    @Test
    void defaultsAreTheDocumentedValues() {
        assertEquals(512, ConnectionLimits.DEFAULT.maxConnections());
        assertEquals(16, ConnectionLimits.DEFAULT.maxPerIp());
        assertEquals(Duration.ofSeconds(10), ConnectionLimits.DEFAULT.handshakeTimeout());
    }
}
