package p2p.web.notify;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fans notifications out to every connected WebSocket client (spec section 7) and sends a {@code PING} notification
 * every ping interval, followed by a WebSocket ping frame whose pong keeps listen-only clients from being closed as
 * idle. Each client has its own bounded queue drained by its own virtual thread, so
 * {@link #publish} never blocks: a client whose queue is full is dropped, and the others are not slowed. Beyond
 * Teranode (which has no limit), at most {@code maxClients} clients are served; one more is refused at once.
 */
public final class NotificationHub implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NotificationHub.class.getName());

    /** Clients served at once when the caller does not say (Teranode has no limit). */
    public static final int DEFAULT_MAX_CLIENTS = 256;

    private final int queueCapacity;
    private final int maxClients;
    private final Clock clock;
    private final String baseUrl;
    /** Shared by publishers, writer threads and the endpoint: a concurrent set. */
    private final Set<ClientQueue> clients = ConcurrentHashMap.newKeySet();
    private final LongAdder droppedClients = new LongAdder();
    private final LongAdder refusedClients = new LongAdder();
    private final LongAdder published = new LongAdder();
    private final ScheduledExecutorService pinger;
    /** What a new client gets first (the node's own node_status in the 2026 generation); null: nothing. */
    private volatile java.util.function.Supplier<String> greeting = () -> null;
    private volatile boolean closed;

    /**
     * @param pingInterval  time between {@code PING} notifications (Teranode: 10 s)
     * @param queueCapacity frames a client may have outstanding before it is dropped
     * @param baseUrl       the node's public HTTP address, sent as {@code base_url} in pings
     * @param clock         source of notification timestamps
     */
    public NotificationHub(Duration pingInterval, int queueCapacity, String baseUrl, Clock clock) {
        this(pingInterval, queueCapacity, DEFAULT_MAX_CLIENTS, baseUrl, clock);
    }

    /**
     * @param pingInterval  time between {@code PING} notifications (Teranode: 10 s)
     * @param queueCapacity frames a client may have outstanding before it is dropped
     * @param maxClients    clients served at once; one more is refused
     * @param baseUrl       the node's public HTTP address, sent as {@code base_url} in pings
     * @param clock         source of notification timestamps
     */
    public NotificationHub(Duration pingInterval, int queueCapacity, int maxClients, String baseUrl, Clock clock) {
        if (maxClients < 1) {
            throw new IllegalArgumentException("WebSocket client limit must be at least 1, got " + maxClients);
        }
        this.maxClients = maxClients;
        if (pingInterval.isNegative() || pingInterval.isZero()) {
            throw new IllegalArgumentException("WebSocket ping interval must be positive, got " + pingInterval);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("WebSocket client queue capacity must be at least 1, got " + queueCapacity);
        }
        this.queueCapacity = queueCapacity;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.pinger = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("p2p-ws-ping").daemon(true).factory());
        long nanos = pingInterval.toNanos();
        pinger.scheduleAtFixedRate(this::ping, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** Queues the notification for every connected client; never blocks. */
    public void publish(Notification notification) {
        if (closed) {
            return;
        }
        String json = NotificationJson.encode(notification);
        published.increment();
        for (ClientQueue client : clients) {
            if (!client.offer(json)) {
                drop(client, "outbound queue of " + queueCapacity + " frames is full");
            }
        }
    }

    /**
     * Queues an already encoded JSON frame for every connected client, as {@link #publish} does: for notification
     * types whose fields this module does not model, such as the 2026 {@code node_status} (spec teranode-2026 1.8),
     * which the P2P server encodes from its own message.
     */
    public void publishJson(String json) {
        if (closed) {
            return;
        }
        Objects.requireNonNull(json, "json");
        published.increment();
        for (ClientQueue client : clients) {
            if (!client.offer(json)) {
                drop(client, "outbound queue of " + queueCapacity + " frames is full");
            }
        }
    }

    /**
     * Gives every client that connects from now on {@code firstFrame}'s JSON before anything else (spec
     * teranode-2026 1.8: a new client first receives this node's own node_status); a null frame sends nothing.
     * Called on the connecting client's thread, which may wait for it.
     */
    public void greetNewClientsWith(java.util.function.Supplier<String> firstFrame) {
        this.greeting = Objects.requireNonNull(firstFrame, "firstFrame");
    }

    /**
     * Connects a client; close the returned handle when the client goes away. With {@code maxClients} already
     * connected the client is refused ({@link NotificationSink#refuse}) and counted.
     */
    public AutoCloseable attach(NotificationSink sink) {
        ClientQueue client = new ClientQueue(sink, queueCapacity, this::sendFailed);
        // Outside the lock: building the first frame may ask the blockchain service.
        String first = greeting.get();
        synchronized (clients) {
            if (closed) {
                sink.abort();
                return () -> { };
            }
            if (clients.size() >= maxClients) {
                refusedClients.increment();
                LOG.info(() -> "refused WebSocket client " + sink.describe() + ": " + maxClients
                        + " clients already connected");
                sink.refuse("the server already serves " + maxClients + " clients");
                return () -> { };
            }
            if (first != null) {
                client.offer(first);
            }
            clients.add(client);
        }
        client.start();
        return () -> detach(client);
    }

    /** Clients currently connected. */
    public int clientCount() {
        return clients.size();
    }

    /** Clients refused so far because {@code maxClients} were already connected. */
    public long refusedClients() {
        return refusedClients.sum();
    }

    /** Clients dropped so far because they could not keep up. */
    public long droppedClients() {
        return droppedClients.sum();
    }

    /** Notifications published so far (pings included). */
    public long publishedCount() {
        return published.sum();
    }

    /** Stops pinging and disconnects every client. */
    @Override
    public void close() {
        closed = true;
        pinger.shutdownNow();
        for (ClientQueue client : clients) {
            if (clients.remove(client)) {
                client.stop();
                client.sink().abort();
            }
        }
    }

    private void ping() {
        try {
            publish(Notification.ping(clock.instant(), baseUrl));
            for (ClientQueue client : clients) {
                if (!client.offerKeepAlive()) {
                    drop(client, "outbound queue of " + queueCapacity + " frames is full");
                }
            }
        } catch (RuntimeException e) {
            // An exception would cancel the schedule; log and keep pinging.
            LOG.log(Level.WARNING, "WebSocket ping failed", e);
        }
    }

    private void detach(ClientQueue client) {
        if (clients.remove(client)) {
            client.stop();
        }
    }

    /** A write failed: the client went away without a close handshake. Not counted as too slow. */
    private void sendFailed(ClientQueue client, Exception cause) {
        if (clients.remove(client)) {
            client.stop();
            client.sink().abort();
            LOG.fine(() -> "WebSocket client " + client.sink().describe() + " gone: " + cause);
        }
    }

    /** The client cannot keep up: drop it so that it slows nobody else. */
    private void drop(ClientQueue client, String reason) {
        if (clients.remove(client)) {
            droppedClients.increment();
            client.stop();
            client.sink().abort();
            LOG.info(() -> "dropped WebSocket client " + client.sink().describe() + ": " + reason);
        }
    }
}
