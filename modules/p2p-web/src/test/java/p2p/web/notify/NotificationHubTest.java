package p2p.web.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import p2p.testkit.Await;

class NotificationHubTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    /** Records every frame; {@link #blockSends} makes send() hang until aborted, like a client that stops reading. */
    private static final class RecordingSink implements NotificationSink {
        final List<String> frames = new CopyOnWriteArrayList<>();
        final CountDownLatch aborted = new CountDownLatch(1);
        volatile int keepAlives;
        volatile boolean blockSends;

        @Override
        public void send(String json) throws Exception {
            if (blockSends) {
                aborted.await();
                throw new java.io.IOException("socket closed");
            }
            frames.add(json);
        }

        @Override
        public void keepAlive() {
            keepAlives++;
        }

        @Override
        public void abort() {
            aborted.countDown();
        }

        @Override
        public String describe() {
            return "test-sink";
        }

        final List<String> refusals = new CopyOnWriteArrayList<>();

        @Override
        public void refuse(String reason) {
            refusals.add(reason);
        }
    }

    /** Spec teranode-2026 1.8: a new client first gets the node's own node_status, then what is published. */
    @Test
    void aNewClientIsGreetedFirstAndPreEncodedFramesReachEveryClient() throws Exception {
        try (NotificationHub hub = new NotificationHub(Duration.ofHours(1), 8, 4, "", CLOCK)) {
            RecordingSink early = new RecordingSink();
            hub.attach(early);
            hub.greetNewClientsWith(() -> "{\"type\":\"node_status\",\"peer_id\":\"me\"}");
            RecordingSink late = new RecordingSink();
            hub.attach(late);
            hub.publishJson("{\"type\":\"node_status\",\"peer_id\":\"other\"}");
            await(() -> late.frames.size() == 2 && early.frames.size() == 1);
            assertEquals(List.of("{\"type\":\"node_status\",\"peer_id\":\"me\"}",
                    "{\"type\":\"node_status\",\"peer_id\":\"other\"}"), late.frames);
            assertEquals(List.of("{\"type\":\"node_status\",\"peer_id\":\"other\"}"), early.frames);
            hub.greetNewClientsWith(() -> null);
            RecordingSink quiet = new RecordingSink();
            hub.attach(quiet);
            hub.publishJson("{}");
            await(() -> quiet.frames.size() == 1);
            assertEquals(List.of("{}"), quiet.frames);
        }
    }

    /** Beyond Go (spec 7.3: no limit there): the client over the cap is refused and counted; a freed slot serves again. */
    @Test
    void clientsOverTheCapAreRefusedAndCounted() throws Exception {
        try (NotificationHub hub = new NotificationHub(Duration.ofHours(1), 8, 2, "", CLOCK)) {
            RecordingSink a = new RecordingSink();
            RecordingSink b = new RecordingSink();
            RecordingSink c = new RecordingSink();
            AutoCloseable aHandle = hub.attach(a);
            hub.attach(b);
            hub.attach(c);
            assertEquals(List.of("the server already serves 2 clients"), c.refusals);
            assertEquals(1, hub.refusedClients());
            assertEquals(2, hub.clientCount());
            hub.publish(Notification.builder("block").timestamp(CLOCK.instant()).build());
            await(() -> a.frames.size() == 1 && b.frames.size() == 1);
            assertTrue(c.frames.isEmpty());
            aHandle.close();
            RecordingSink d = new RecordingSink();
            hub.attach(d);
            assertTrue(d.refusals.isEmpty());
            assertEquals(2, hub.clientCount());
        }
    }

    /** Go: TestBroadcastMessage [no clients; one; three], TestStartNotificationProcessor [add client; send notification]. */
    @Test
    void everyClientReceivesEveryNotificationInOrder() throws Exception {
        try (NotificationHub hub = new NotificationHub(Duration.ofHours(1), 64, "", CLOCK)) {
            RecordingSink a = new RecordingSink();
            RecordingSink b = new RecordingSink();
            hub.attach(a);
            hub.attach(b);
            for (int i = 1; i <= 20; i++) {
                hub.publish(Notification.builder("block").timestamp(CLOCK.instant()).height(i).build());
            }
            await(() -> a.frames.size() == 20 && b.frames.size() == 20);
            assertEquals(a.frames, b.frames);
            assertTrue(a.frames.get(19).contains("\"height\":20"));
            assertEquals(0, hub.droppedClients());
        }
    }

    /** Go: TestBroadcastMessage [three with two blocking], TestStartNotificationProcessor [broadcast timeout handling]: dropped at once when its queue is full instead of after a 1 s offer timeout, and closed (Go leaks it, spec 14.2 #3). */
    @Test
    void aClientThatStopsReadingIsDroppedWithoutStallingTheOthers() throws Exception {
        int capacity = 4;
        try (NotificationHub hub = new NotificationHub(Duration.ofHours(1), capacity, "", CLOCK)) {
            RecordingSink slow = new RecordingSink();
            slow.blockSends = true;
            RecordingSink fast = new RecordingSink();
            hub.attach(slow);
            hub.attach(fast);
            // One frame is held by the blocked writer, `capacity` fill the queue, the next overflows it.
            int published = capacity + 2;
            for (int i = 0; i < published; i++) {
                hub.publish(Notification.builder("block").timestamp(CLOCK.instant()).height(i + 1).build());
                int expected = i + 1;
                await(() -> fast.frames.size() == expected);
            }
            assertTrue(slow.aborted.await(20, TimeUnit.SECONDS), "slow client aborted");
            assertEquals(1, hub.droppedClients());
            assertEquals(1, hub.clientCount());
            hub.publish(Notification.builder("block").timestamp(CLOCK.instant()).height(99).build());
            await(() -> fast.frames.size() == published + 1);
        }
    }

    /** Go: TestCreatePingMessage (the ticker side). */
    @Test
    void pingsArriveAtTheConfiguredIntervalFollowedByAKeepAlive() throws Exception {
        try (NotificationHub hub = new NotificationHub(Duration.ofMillis(20), 64, "http://me:9906", CLOCK)) {
            RecordingSink sink = new RecordingSink();
            hub.attach(sink);
            await(() -> sink.frames.size() >= 2 && sink.keepAlives >= 2);
            assertEquals("{\"timestamp\":\"2025-01-01T00:00:00Z\",\"type\":\"PING\",\"base_url\":\"http://me:9906\"}",
                    sink.frames.getFirst());
        }
    }

    /** Go: TestStartNotificationProcessor [remove client], TestHandleClientMessages [normal operation]. */
    @Test
    void aDetachedClientReceivesNothingMore() throws Exception {
        try (NotificationHub hub = new NotificationHub(Duration.ofHours(1), 8, "", CLOCK)) {
            RecordingSink gone = new RecordingSink();
            RecordingSink stays = new RecordingSink();
            AutoCloseable handle = hub.attach(gone);
            hub.attach(stays);
            handle.close();
            assertEquals(1, hub.clientCount());
            hub.publish(Notification.builder("block").timestamp(CLOCK.instant()).build());
            await(() -> stays.frames.size() == 1);
            assertEquals(0, gone.frames.size());
            assertEquals(0, hub.droppedClients());
        }
    }

    /** Go: TestStartNotificationProcessor (stops on cancellation). */
    @Test
    void closingTheHubAbortsClientsAndIgnoresLaterPublishes() throws Exception {
        NotificationHub hub = new NotificationHub(Duration.ofHours(1), 8, "", CLOCK);
        RecordingSink sink = new RecordingSink();
        hub.attach(sink);
        hub.close();
        assertTrue(sink.aborted.await(5, TimeUnit.SECONDS));
        hub.publish(Notification.builder("block").timestamp(CLOCK.instant()).build());
        assertEquals(0, hub.clientCount());
        assertEquals(0, sink.frames.size());
    }

    private static void await(BooleanSupplier condition) {
        Await.until("the hub's condition", java.time.Duration.ofSeconds(20), condition);
    }
}
