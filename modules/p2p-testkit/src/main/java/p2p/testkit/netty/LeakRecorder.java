package p2p.testkit.netty;

import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;

/**
 * Netty's leak detector that also keeps what it reports, so a test can fail on a leak instead of only logging it.
 * Netty makes one per resource type at class initialisation when the JVM runs with
 * {@code -Dio.netty.customResourceLeakDetector=p2p.testkit.netty.LeakRecorder} (p2p-node's surefire configuration);
 * {@link NoNettyLeaks} turns on paranoid tracking around the codec tests and reads the reports.
 *
 * @param <T> the tracked resource type
 */
public final class LeakRecorder<T> extends ResourceLeakDetector<T> {
    private static final List<String> REPORTS = new ArrayList<>();
    private static volatile boolean installed;

    /** The constructor Netty's ResourceLeakDetectorFactory looks up by reflection. */
    public LeakRecorder(Class<?> resourceType, int samplingInterval, long maxActive) {
        this(resourceType, samplingInterval);
    }

    public LeakRecorder(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
        installed = true;
    }

    /** Whether Netty created this detector (the system property named in the class comment is set). */
    public static boolean installed() {
        return installed;
    }

    /** The leak reports since the last call, oldest first. */
    public static List<String> drain() {
        synchronized (REPORTS) {
            List<String> out = List.copyOf(REPORTS);
            REPORTS.clear();
            return out;
        }
    }

    /** Always report, even when Netty's logger is off: the report is the test's evidence. */
    @Override
    protected boolean needReport() {
        return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        record(resourceType + " leaked:" + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        record(resourceType + " leaked (no access records)");
        super.reportUntracedLeak(resourceType);
    }

    private static void record(String report) {
        synchronized (REPORTS) {
            REPORTS.add(report);
        }
    }
}
