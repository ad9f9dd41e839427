package p2p.node.wire;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import p2p.testkit.Await;
import p2p.testkit.netty.LeakRecorder;
import p2p.testkit.netty.NoNettyLeaks;

/**
 * Proves the codec tests' leak check can fail: under p2p-node's surefire configuration Netty uses p2p-testkit's
 * LeakRecorder, and with paranoid tracking a buffer dropped without release is reported, which
 * {@link NoNettyLeaks#assertNoLeaks} turns into a failure naming it.
 */
class NettyLeakDetectionTest {
    private final ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();

    @AfterEach
    void restoreLevel() {
        ResourceLeakDetector.setLevel(level);
        LeakRecorder.drain();
    }

    @Test
    void aDroppedBufferFailsTheLeakCheck() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        allocateAndRelease();
        assertTrue(LeakRecorder.installed(), "surefire's systemPropertyVariables name LeakRecorder");
        NoNettyLeaks.assertNoLeaks("the start of this test");
        leakOne();
        AtomicReference<AssertionError> failure = new AtomicReference<>();
        Await.until("the leak check to fail on the dropped buffer", Duration.ofSeconds(30), () -> {
            try {
                NoNettyLeaks.assertNoLeaks("this test");
                return false;
            } catch (AssertionError leaked) {
                failure.set(leaked);
                return true;
            }
        });
        String message = failure.get().getMessage();
        assertTrue(message.contains("leak(s) in this test") && message.contains("ByteBuf"), message);
    }

    /** A buffer nobody releases; it is garbage once this returns. */
    private static void leakOne() {
        UnpooledByteBufAllocator.DEFAULT.directBuffer(16).writeInt(42);
    }

    private static void allocateAndRelease() {
        ByteBuf probe = UnpooledByteBufAllocator.DEFAULT.directBuffer(1);
        probe.release();
    }
}
