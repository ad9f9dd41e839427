package p2p.web.metrics;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.util.function.Function;

import com.sun.management.UnixOperatingSystemMXBean;

/**
 * JVM and process metrics read from the platform MXBeans at each scrape, named as the Prometheus Java client names
 * them ({@code jvm_memory_used_bytes{area="heap"}}, {@code process_cpu_seconds_total}, ...), so existing dashboards
 * apply.
 */
public final class JvmMetrics {
    private static final double MILLIS_PER_SECOND = 1_000.0;
    private static final double NANOS_PER_SECOND = 1_000_000_000.0;

    private JvmMetrics() {
    }

    /** Registers the JVM and process metrics into {@code metrics}. */
    public static void register(WebMetrics metrics) {
        registerMemory(metrics);
        registerThreads(metrics);
        registerGc(metrics);
        registerProcess(metrics);
    }

    private static void registerMemory(WebMetrics metrics) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memoryArea(metrics, "heap", memory::getHeapMemoryUsage);
        memoryArea(metrics, "nonheap", memory::getNonHeapMemoryUsage);
    }

    private static void memoryArea(WebMetrics metrics, String area, java.util.function.Supplier<MemoryUsage> usage) {
        metrics.gauge("jvm_memory_used_bytes", "Used bytes of a given JVM memory area.",
                () -> usage.get().getUsed(), "area", area);
        metrics.gauge("jvm_memory_committed_bytes", "Committed bytes of a given JVM memory area.",
                () -> usage.get().getCommitted(), "area", area);
        metrics.gauge("jvm_memory_max_bytes", "Max bytes of a given JVM memory area (-1 when undefined).",
                () -> usage.get().getMax(), "area", area);
    }

    private static void registerThreads(WebMetrics metrics) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        metrics.gauge("jvm_threads_current", "Current platform thread count of the JVM.", threads::getThreadCount);
        metrics.gauge("jvm_threads_daemon", "Daemon platform thread count of the JVM.", threads::getDaemonThreadCount);
        metrics.gauge("jvm_threads_peak", "Peak platform thread count of the JVM.", threads::getPeakThreadCount);
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        metrics.gauge("jvm_classes_currently_loaded", "Classes currently loaded in the JVM.",
                classes::getLoadedClassCount);
    }

    private static void registerGc(WebMetrics metrics) {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCounter(metrics, gc, "jvm_gc_collections_total", "Collections run by a JVM garbage collector.",
                    GarbageCollectorMXBean::getCollectionCount, 1);
            gcCounter(metrics, gc, "jvm_gc_collection_seconds_total", "Time spent in a JVM garbage collector.",
                    GarbageCollectorMXBean::getCollectionTime, MILLIS_PER_SECOND);
        }
    }

    private static void gcCounter(WebMetrics metrics, GarbageCollectorMXBean gc, String name, String help,
                                  Function<GarbageCollectorMXBean, Long> read, double divisor) {
        // The MXBean answers -1 when the collector cannot tell; report 0 so the counter never goes down.
        metrics.counterFunction(name, help, () -> Math.max(0, read.apply(gc)) / divisor, "gc", gc.getName());
    }

    private static void registerProcess(WebMetrics metrics) {
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        metrics.gauge("process_start_time_seconds", "Start time of the process since the Unix epoch, in seconds.",
                () -> runtime.getStartTime() / MILLIS_PER_SECOND);
        metrics.gauge("process_uptime_seconds", "Time since the JVM started, in seconds.",
                () -> runtime.getUptime() / MILLIS_PER_SECOND);
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean hotspot) {
            metrics.counterFunction("process_cpu_seconds_total", "CPU time used by the process, in seconds.",
                    () -> Math.max(0, hotspot.getProcessCpuTime()) / NANOS_PER_SECOND);
        }
        if (os instanceof UnixOperatingSystemMXBean unix) {
            metrics.gauge("process_open_fds", "Open file descriptors.", unix::getOpenFileDescriptorCount);
            metrics.gauge("process_max_fds", "Maximum open file descriptors.", unix::getMaxFileDescriptorCount);
        }
    }
}
