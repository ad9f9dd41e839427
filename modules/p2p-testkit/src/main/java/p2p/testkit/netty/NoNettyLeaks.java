package p2p.testkit.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a Netty codec test whose buffers are collected without release (structure.md change 5: Netty leak detection
 * on in the node's codec tests). For the test class it sets Netty's leak detection to paranoid, so every buffer is
 * tracked, and restores the level afterwards: the interop and loopback tests, which move gigabytes, keep Netty's
 * sampling. Netty notices a leak only once the collector has cleared the buffer and a later allocation polls the
 * reference queue, so after each test this asks for collections and allocates tracked probes, then fails on what
 * {@link LeakRecorder} heard. A leak the collector has not reached yet fails a later test of the class, and the
 * class's last check runs after all its tests. Needs {@code -Dio.netty.customResourceLeakDetector=} this package's
 * LeakRecorder, which p2p-node's surefire sets; without it the test fails, naming it.
 */
public final class NoNettyLeaks implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    private static final int ROUNDS = 3;
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NoNettyLeaks.class);

    /** Paranoid from here on; what was reported before this class (other tests' sampled leaks) is not its doing. */
    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put("level", ResourceLeakDetector.getLevel());
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        pollLeaks();
        if (!LeakRecorder.installed()) {
            throw new IllegalStateException("Netty did not use " + LeakRecorder.class.getName()
                    + ": run the tests with -Dio.netty.customResourceLeakDetector=" + LeakRecorder.class.getName());
        }
        LeakRecorder.drain();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        assertNoLeaks(context.getDisplayName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            assertNoLeaks(context.getDisplayName() + " (after its last test)");
        } finally {
            ResourceLeakDetector.setLevel(context.getStore(NAMESPACE).get("level", ResourceLeakDetector.Level.class));
        }
    }

    /**
     * Collects, polls Netty's leak queues and throws an AssertionError listing the leaks reported since the last
     * check, naming {@code where} they were found.
     */
    public static void assertNoLeaks(String where) {
        pollLeaks();
        List<String> leaks = LeakRecorder.drain();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty buffer leak(s) in " + where + ":\n"
                    + String.join("\n", leaks));
        }
    }

    /**
     * Collections, then tracked allocations: each makes the detector report what was cleared. Direct buffers, because
     * the unpooled allocator tracks only those.
     */
    private static void pollLeaks() {
        for (int i = 0; i < ROUNDS; i++) {
            System.gc();
            ByteBuf probe = UnpooledByteBufAllocator.DEFAULT.directBuffer(1);
            probe.release();
        }
    }
}
