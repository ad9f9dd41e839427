package p2p.testkit.chain;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import p2p.chain.BlockHash;
import p2p.chain.pb.BlockchainAPIGrpc;
import p2p.chain.pb.FSMStateType;
import p2p.chain.pb.GetBlockExistsResponse;
import p2p.chain.pb.GetBlockHeaderRequest;
import p2p.chain.pb.GetBlockHeaderResponse;
import p2p.chain.pb.GetBlockRequest;
import p2p.chain.pb.GetFSMStateResponse;
import p2p.chain.pb.GetStateRequest;
import p2p.chain.pb.HealthResponse;
import p2p.chain.pb.Notification;
import p2p.chain.pb.SetStateRequest;
import p2p.chain.pb.StateResponse;
import p2p.chain.pb.SubscribeRequest;

/**
 * A test double of Teranode's blockchain service at the gRPC process boundary (spec section 8): a real gRPC server on
 * loopback speaking the same proto, holding one chain of headers, a state map and the open Subscribe streams.
 *
 * <p>It lives in a package of its own so other modules' tests can use it from p2p-chain's test jar (which holds only
 * this package): a class of package {@code p2p.chain} on their class path would split the named module's package.
 */
public final class FakeBlockchainService extends BlockchainAPIGrpc.BlockchainAPIImplBase implements AutoCloseable {
    private final Map<ByteString, GetBlockHeaderResponse> headers = new ConcurrentHashMap<>();
    private final Map<String, ByteString> state = new ConcurrentHashMap<>();
    private final List<StreamObserver<Notification>> subscribers = new CopyOnWriteArrayList<>();
    private final List<StreamObserver<Empty>> idleWaiters = new CopyOnWriteArrayList<>();
    private volatile GetBlockHeaderResponse best;
    private volatile FSMStateType fsm = FSMStateType.RUNNING;
    private volatile Status getStateFailure;
    private Server server;

    /** Serves on 127.0.0.1:{@code port} (0 = any free port). */
    public void start(int port) throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)).addService(this).build().start();
    }

    /** @return the bound port */
    public int port() {
        return server.getPort();
    }

    /** @return {@code 127.0.0.1:port}, as {@code blockchain_grpcAddress} takes it */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /** Stops serving at once; open streams break. */
    public void stop() throws InterruptedException {
        subscribers.clear();
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** Adds a header, which becomes the best one. */
    public void add(GetBlockHeaderResponse header) {
        headers.put(ByteString.copyFrom(BlockHash.ofHeader(header.getBlockHeader().toByteArray()).bytes()), header);
        best = header;
    }

    /** Sends {@code n} on every open Subscribe stream. */
    public void publish(Notification n) {
        for (StreamObserver<Notification> s : subscribers) {
            s.onNext(n);
        }
    }

    /** @return the Subscribe streams open now */
    public int subscriberCount() {
        return subscribers.size();
    }

    /** Moves the FSM; leaving IDLE releases the callers of WaitUntilFSMTransitionFromIdleState. */
    public void setFsm(FSMStateType state) {
        fsm = state;
        if (state != FSMStateType.IDLE) {
            for (StreamObserver<Empty> waiter : idleWaiters) {
                if (idleWaiters.remove(waiter)) {
                    reply(waiter, Empty.getDefaultInstance());
                }
            }
        }
    }

    private static <T> void reply(StreamObserver<T> out, T value) {
        out.onNext(value);
        out.onCompleted();
    }

    @Override
    public void healthGRPC(Empty request, StreamObserver<HealthResponse> out) {
        reply(out, HealthResponse.newBuilder().setOk(true).setDetails("fake").build());
    }

    @Override
    public void getBestBlockHeader(Empty request, StreamObserver<GetBlockHeaderResponse> out) {
        reply(out, best);
    }

    @Override
    public void getBlockHeader(GetBlockHeaderRequest request, StreamObserver<GetBlockHeaderResponse> out) {
        GetBlockHeaderResponse h = headers.get(request.getBlockHash());
        if (h == null) {
            out.onError(Status.NOT_FOUND.withDescription("no such block").asRuntimeException());
            return;
        }
        reply(out, h);
    }

    @Override
    public void getBlockExists(GetBlockRequest request, StreamObserver<GetBlockExistsResponse> out) {
        reply(out, GetBlockExistsResponse.newBuilder().setExists(headers.containsKey(request.getHash())).build());
    }

    @Override
    public void getFSMCurrentState(Empty request, StreamObserver<GetFSMStateResponse> out) {
        reply(out, GetFSMStateResponse.newBuilder().setState(fsm).build());
    }

    @Override
    public void waitUntilFSMTransitionFromIdleState(Empty request, StreamObserver<Empty> out) {
        idleWaiters.add(out);
        ((ServerCallStreamObserver<Empty>) out).setOnCancelHandler(() -> idleWaiters.remove(out));
        if (fsm != FSMStateType.IDLE && idleWaiters.remove(out)) { // not IDLE, or it left IDLE while we registered
            reply(out, Empty.getDefaultInstance());
        }
    }

    /** Stores {@code data} under {@code key}, as a SetState call would. */
    public void putState(String key, byte[] data) {
        state.put(key, ByteString.copyFrom(data));
    }

    /** The value held under {@code key}, if any. */
    public java.util.Optional<byte[]> state(String key) {
        return java.util.Optional.ofNullable(state.get(key)).map(ByteString::toByteArray);
    }

    /** Makes GetState fail with {@code status} (null: answer normally again). */
    public void failGetState(Status status) {
        getStateFailure = status;
    }

    /** A missing key is answered as Teranode answers it: UNKNOWN (its SQL "no rows" error, wrapped). */
    @Override
    public void getState(GetStateRequest request, StreamObserver<StateResponse> out) {
        Status failure = getStateFailure;
        if (failure != null) {
            out.onError(failure.asRuntimeException());
            return;
        }
        ByteString data = state.get(request.getKey());
        if (data == null) {
            out.onError(Status.UNKNOWN.withDescription("unknown error").asRuntimeException());
            return;
        }
        reply(out, StateResponse.newBuilder().setData(data).build());
    }

    @Override
    public void setState(SetStateRequest request, StreamObserver<Empty> out) {
        state.put(request.getKey(), request.getData());
        reply(out, Empty.getDefaultInstance());
    }

    @Override
    public void subscribe(SubscribeRequest request, StreamObserver<Notification> out) {
        ServerCallStreamObserver<Notification> call = (ServerCallStreamObserver<Notification>) out;
        call.setOnCancelHandler(() -> subscribers.remove(out));
        subscribers.add(out);
    }
}
