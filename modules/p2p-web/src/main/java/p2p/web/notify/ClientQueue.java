package p2p.web.notify;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.BiConsumer;

/**
 * One client's bounded outbound queue and the virtual thread that drains it into the client's sink. Publishers
 * only ever {@link #offer}: a full queue means the client cannot keep up, and the hub drops it instead of waiting.
 */
final class ClientQueue {
    private final NotificationSink sink;
    /** Marks a keep-alive in the queue, so it is written in order with the notifications. */
    private static final Object KEEP_ALIVE = new Object();

    /** Filled by publisher threads, drained by the writer thread only: JSON strings and {@link #KEEP_ALIVE}. */
    private final BlockingQueue<Object> queue;
    private final BiConsumer<ClientQueue, Exception> onSendFailure;
    private volatile boolean stopped;
    private volatile Thread writer;

    ClientQueue(NotificationSink sink, int capacity, BiConsumer<ClientQueue, Exception> onSendFailure) {
        this.sink = sink;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.onSendFailure = onSendFailure;
    }

    NotificationSink sink() {
        return sink;
    }

    void start() {
        writer = Thread.ofVirtual().name("p2p-ws-writer " + sink.describe()).start(this::drain);
    }

    /** Queues a frame without blocking; false when the queue is full or the client is stopped. */
    boolean offer(String json) {
        return !stopped && queue.offer(json);
    }

    /** Queues a keep-alive probe without blocking; false when the queue is full or the client is stopped. */
    boolean offerKeepAlive() {
        return !stopped && queue.offer(KEEP_ALIVE);
    }

    /** Stops the writer; frames still queued are discarded. */
    void stop() {
        stopped = true;
        Thread thread = writer;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void drain() {
        try {
            while (!stopped) {
                Object item = queue.take();
                if (item == KEEP_ALIVE) {
                    sink.keepAlive();
                } else {
                    sink.send((String) item);
                }
            }
        } catch (InterruptedException e) {
            // stop() was called: the client is gone or the hub is closing.
        } catch (Exception e) {
            if (!stopped) {
                onSendFailure.accept(this, e);
            }
        }
    }
}
