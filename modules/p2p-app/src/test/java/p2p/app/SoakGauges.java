package p2p.app;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What the soak watches for leaks in its one JVM (every node, their blockchain fakes and WebSocket clients): heap in
 * use now and what the last collection left (the figure that grows when something leaks), live threads, and open
 * file descriptors (Linux's {@code /proc/self/fd}).
 */
final class SoakGauges {
    private SoakGauges() {
    }

    /** One reading. Heap figures in MiB. */
    record Reading(long heapUsedMib, long heapAfterGcMib, int threads, long openFds) {
    }

    static Reading read() {
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long afterGc = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage collected = pool.getCollectionUsage();
            if (pool.getType() == MemoryType.HEAP && collected != null) {
                afterGc += collected.getUsed();
            }
        }
        return new Reading(used >> 20, afterGc >> 20, ManagementFactory.getThreadMXBean().getThreadCount(), openFds());
    }

    private static long openFds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (Exception e) {
            return -1; // not Linux: the report shows -1
        }
    }
}
