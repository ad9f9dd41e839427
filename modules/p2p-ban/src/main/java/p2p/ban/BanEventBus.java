package p2p.ban;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Delivers ban events to subscribers, each on its own virtual thread from its own bounded queue.
 *
 * <p>Teranode hands each subscriber a Go channel; here the queue plays that role: a subscriber sees events in
 * publication order, and a slow or stuck one only fills its own queue. When a queue is full the event is dropped
 * for that subscriber and a warning says how many it has lost, rather than blocking the ban list's writers.
 */
final class BanEventBus implements AutoCloseable {

    /** Events a subscriber may fall behind by before it loses events. */
    static final int QUEUE_CAPACITY = 4096;

    private static final System.Logger LOG = System.getLogger(BanEventBus.class.getName());

    private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    /** Starts delivering to {@code listener}; events published after this call reach it, in order. */
    BanSubscription subscribe(Consumer<BanEvent> listener) {
        if (listener == null) {
            throw new IllegalArgumentException("ban event listener is null");
        }
        Subscriber subscriber = new Subscriber(listener, ids.incrementAndGet());
        subscribers.add(subscriber);
        subscriber.start();
        return subscriber;
    }

    /** Queues the event for every subscriber; never blocks. Callers serialise publishes to keep one order. */
    void publish(BanEvent event) {
        for (Subscriber subscriber : subscribers) {
            subscriber.offer(event);
        }
    }

    int subscriberCount() {
        return subscribers.size();
    }

    @Override
    public void close() {
        for (Subscriber subscriber : subscribers) {
            subscriber.close();
        }
    }

    private final class Subscriber implements BanSubscription, Runnable {
        private final Consumer<BanEvent> listener;
        private final long id;
        private final BlockingQueue<BanEvent> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        private final AtomicLong dropped = new AtomicLong();
        private volatile boolean closed;
        private Thread thread;

        Subscriber(Consumer<BanEvent> listener, long id) {
            this.listener = listener;
            this.id = id;
        }

        void start() {
            thread = Thread.ofVirtual().name("ban-events-" + id).start(this);
        }

        void offer(BanEvent event) {
            if (!closed && !queue.offer(event)) {
                LOG.log(System.Logger.Level.WARNING, "ban event subscriber {0} is " + QUEUE_CAPACITY
                        + " events behind; dropped {1} ({2} so far)", id, event, dropped.incrementAndGet());
            }
        }

        @Override
        public void run() {
            try {
                while (!closed) {
                    BanEvent event = queue.take();
                    if (closed) {
                        return;
                    }
                    deliver(event);
                }
            } catch (InterruptedException e) {
                // close() interrupts the wait: the subscription is over.
            }
        }

        private void deliver(BanEvent event) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "ban event subscriber " + id + " failed on " + event, e);
            }
        }

        @Override
        public void close() {
            closed = true;
            subscribers.remove(this);
            queue.clear();
            thread.interrupt();
        }
    }
}
