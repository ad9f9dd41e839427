package p2p.node.transport;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import p2p.node.host.ConnectionLimits;

/**
 * Counts open connections in total and per IP address against {@link ConnectionLimits}. A slot is taken before the
 * connection is used and given back when its channel closes. Thread-safe: accepted sockets of several event loops and
 * dialling threads share it.
 */
final class ConnectionCounter {
    private final int maxTotal;
    private final int maxPerIp;
    private final AtomicInteger total = new AtomicInteger();
    /** Open connections per remote IP; entries leave the map when their count returns to zero. */
    private final ConcurrentHashMap<InetAddress, Integer> perIp = new ConcurrentHashMap<>();

    ConnectionCounter(ConnectionLimits limits) {
        this.maxTotal = limits.maxConnections();
        this.maxPerIp = limits.maxPerIp();
    }

    /** Takes a slot for {@code ip}; false (and nothing taken) when either cap is reached. */
    boolean tryAcquire(InetAddress ip) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return false;
        }
        boolean[] taken = {false};
        perIp.compute(ip, (k, n) -> {
            int count = n == null ? 0 : n;
            if (count >= maxPerIp) {
                return n;
            }
            taken[0] = true;
            return count + 1;
        });
        if (!taken[0]) {
            total.decrementAndGet();
        }
        return taken[0];
    }

    /** Gives back a slot taken by {@link #tryAcquire}. */
    void release(InetAddress ip) {
        perIp.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
        total.decrementAndGet();
    }

    int open() {
        return total.get();
    }

    int openFrom(InetAddress ip) {
        return perIp.getOrDefault(ip, 0);
    }
}
