package p2p.chain;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import p2p.chain.pb.BlockchainAPIGrpc;
import p2p.chain.pb.Notification;
import p2p.chain.pb.SubscribeRequest;

/**
 * Keeps one Subscribe stream open to the blockchain service: when it breaks or ends, it re-subscribes with a capped
 * backoff. Notifications sent while no stream was open are not replayed by Teranode, so every gap is logged with
 * its length; a listener's exception is logged and never ends the stream (spec section 3).
 */
final class NotificationStream implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NotificationStream.class.getName());
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration MAX_RETRY = Duration.ofSeconds(5);

    private final ManagedChannel channel;
    private final String address;
    private final String source;
    private final Consumer<ChainNotification> listener;
    private final ScheduledExecutorService retries =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("chain-resubscribe").factory());
    // Owned by the gRPC callback thread and the retry thread, never both at once; volatile for close().
    private volatile ClientCallStreamObserver<SubscribeRequest> call;
    private volatile boolean closed;
    private volatile long brokenAtNanos;
    private Duration nextRetry = FIRST_RETRY;

    NotificationStream(ManagedChannel channel, String address, String source, Consumer<ChainNotification> listener) {
        this.channel = channel;
        this.address = address;
        this.source = source;
        this.listener = listener;
    }

    void start() {
        BlockchainAPIGrpc.newStub(channel).subscribe(SubscribeRequest.newBuilder().setSource(source).build(), new Observer());
    }

    private final class Observer implements ClientResponseObserver<SubscribeRequest, Notification> {
        @Override
        public void beforeStart(ClientCallStreamObserver<SubscribeRequest> requestStream) {
            call = requestStream;
        }

        @Override
        public void onNext(Notification n) {
            if (brokenAtNanos != 0) {
                LOG.warning(() -> "notification stream from " + address + " restored after "
                        + Duration.ofNanos(System.nanoTime() - brokenAtNanos).toMillis()
                        + " ms; notifications sent in that gap were not received");
                brokenAtNanos = 0;
            }
            nextRetry = FIRST_RETRY;
            try {
                listener.accept(NotificationMapper.fromProto(n));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "notification handler failed on " + n.getType() + "; stream continues", e);
            }
        }

        @Override
        public void onError(Throwable t) {
            broken(Status.fromThrowable(t).toString());
        }

        @Override
        public void onCompleted() {
            broken("stream ended by the server");
        }
    }

    private void broken(String why) {
        if (closed) {
            return;
        }
        if (brokenAtNanos == 0) {
            brokenAtNanos = System.nanoTime();
        }
        Duration wait = nextRetry;
        nextRetry = nextRetry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : nextRetry.multipliedBy(2);
        LOG.warning(() -> "notification stream from " + address + " broke (" + why + "); re-subscribing in "
                + wait.toMillis() + " ms");
        retries.schedule(() -> {
            if (!closed) {
                start();
            }
        }, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True while a gap is open (tests and readiness use it). */
    boolean isBroken() {
        return brokenAtNanos != 0;
    }

    @Override
    public void close() {
        closed = true;
        ClientCallStreamObserver<SubscribeRequest> current = call;
        if (current != null) {
            current.cancel("unsubscribed", null);
        }
        retries.shutdownNow();
    }
}
