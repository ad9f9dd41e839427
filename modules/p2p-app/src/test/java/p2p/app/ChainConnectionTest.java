package p2p.app;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import p2p.chain.GrpcBlockchainClient;
import p2p.chain.pb.FSMStateType;
import p2p.testkit.Await;
import p2p.testkit.chain.FakeBlockchainService;

/**
 * Start-up waits for the blockchain service as Teranode's P2P service does (spec section 1.4 step 1): an
 * unreachable service or an IDLE FSM is waited for, with a log line per poll, and start-up goes on once it answers.
 */
class ChainConnectionTest {
    private static final Duration POLL = Duration.ofMillis(300);
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            warnings.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final FakeBlockchainService service = new FakeBlockchainService();

    @BeforeEach
    void captureWarnings() {
        Logger.getLogger(ChainConnection.class.getName()).addHandler(capture);
    }

    @AfterEach
    void release() throws InterruptedException {
        Logger.getLogger(ChainConnection.class.getName()).removeHandler(capture);
        service.close();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Runs the wait on its own thread; the returned reference gets the failure, if any, once it ends. */
    private static Thread waitInBackground(GrpcBlockchainClient chain, String address, AtomicReference<Throwable> error) {
        Thread waiter = new Thread(() -> {
            try {
                ChainConnection.awaitFsmLeavesIdle(chain, address, POLL);
            } catch (Throwable e) {
                error.set(e);
            }
        }, "start-up wait");
        waiter.start();
        return waiter;
    }

    @Test
    void anUnreachableBlockchainServiceIsWaitedForWithALogLinePerPoll() throws Exception {
        int port = freePort();
        String address = "127.0.0.1:" + port;
        try (GrpcBlockchainClient chain = new GrpcBlockchainClient(address)) {
            AtomicReference<Throwable> error = new AtomicReference<>();
            Thread waiter = waitInBackground(chain, address, error);
            Await.until("two log lines while the service is down", DEADLINE,
                    () -> warnings.size() >= 2 || !waiter.isAlive());
            assertTrue(waiter.isAlive(), "still waiting, not failed: " + error.get());
            assertTrue(warnings.getFirst().startsWith("waiting for the blockchain service at " + address + ", which"),
                    warnings.getFirst());
            service.start(port);
            Await.until("start-up goes on", DEADLINE, () -> !waiter.isAlive());
            assertNull(error.get());
        }
    }

    @Test
    void anIdleFsmIsWaitedForUntilItLeavesIdle() throws Exception {
        service.setFsm(FSMStateType.IDLE);
        service.start(0);
        try (GrpcBlockchainClient chain = new GrpcBlockchainClient(service.address())) {
            AtomicReference<Throwable> error = new AtomicReference<>();
            Thread waiter = waitInBackground(chain, service.address(), error);
            Await.until("a log line while IDLE", DEADLINE, () -> !warnings.isEmpty());
            assertTrue(warnings.getFirst().contains("to leave IDLE (now IDLE)"), warnings.getFirst());
            service.setFsm(FSMStateType.RUNNING);
            Await.until("start-up goes on", DEADLINE, () -> !waiter.isAlive());
            assertNull(error.get());
        }
    }
}
