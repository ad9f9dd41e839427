package p2p.chain;

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
 * A test double of Teranode's blockchain service at the gRPC process boundary: a real gRPC server on loopback
 * speaking the same proto, holding one chain of headers, a state map and the open Subscribe streams.
 */
final class FakeBlockchainService extends BlockchainAPIGrpc.BlockchainAPIImplBase {
    final Map<ByteString, GetBlockHeaderResponse> headers = new ConcurrentHashMap<>();
    final Map<String, ByteString> state = new ConcurrentHashMap<>();
    final List<StreamObserver<Notification>> subscribers = new CopyOnWriteArrayList<>();
    volatile GetBlockHeaderResponse best;
    volatile FSMStateType fsm = FSMStateType.RUNNING;
    private Server server;

    void start(int port) throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)).addService(this).build().start();
    }

    int port() {
        return server.getPort();
    }

    void stop() throws InterruptedException {
        subscribers.clear();
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }

    void add(GetBlockHeaderResponse header) {
        headers.put(ByteString.copyFrom(BlockHash.ofHeader(header.getBlockHeader().toByteArray()).bytes()), header);
        best = header;
    }

    void notifyAll(Notification n) {
        for (StreamObserver<Notification> s : subscribers) {
            s.onNext(n);
        }
    }

    @Override
    public void healthGRPC(Empty request, StreamObserver<HealthResponse> out) {
        out.onNext(HealthResponse.newBuilder().setOk(true).setDetails("fake").build());
        out.onCompleted();
    }

    @Override
    public void getBestBlockHeader(Empty request, StreamObserver<GetBlockHeaderResponse> out) {
        out.onNext(best);
        out.onCompleted();
    }

    @Override
    public void getBlockHeader(GetBlockHeaderRequest request, StreamObserver<GetBlockHeaderResponse> out) {
        GetBlockHeaderResponse h = headers.get(request.getBlockHash());
        if (h == null) {
            out.onError(Status.NOT_FOUND.withDescription("no such block").asRuntimeException());
            return;
        }
        out.onNext(h);
        out.onCompleted();
    }

    @Override
    public void getBlockExists(GetBlockRequest request, StreamObserver<GetBlockExistsResponse> out) {
        out.onNext(GetBlockExistsResponse.newBuilder().setExists(headers.containsKey(request.getHash())).build());
        out.onCompleted();
    }

    @Override
    public void getFSMCurrentState(Empty request, StreamObserver<GetFSMStateResponse> out) {
        out.onNext(GetFSMStateResponse.newBuilder().setState(fsm).build());
        out.onCompleted();
    }

    @Override
    public void getState(GetStateRequest request, StreamObserver<StateResponse> out) {
        ByteString data = state.get(request.getKey());
        if (data == null) {
            out.onError(Status.NOT_FOUND.asRuntimeException());
            return;
        }
        out.onNext(StateResponse.newBuilder().setData(data).build());
        out.onCompleted();
    }

    @Override
    public void setState(SetStateRequest request, StreamObserver<Empty> out) {
        state.put(request.getKey(), request.getData());
        out.onNext(Empty.getDefaultInstance());
        out.onCompleted();
    }

    @Override
    public void subscribe(SubscribeRequest request, StreamObserver<Notification> out) {
        ServerCallStreamObserver<Notification> call = (ServerCallStreamObserver<Notification>) out;
        call.setOnCancelHandler(() -> subscribers.remove(out));
        subscribers.add(out);
    }
}
