/**
 * Clients of Teranode's blockchain and block-validation gRPC services (spec section 8), and the embedded chain the
 * node uses when no blockchain service is configured (network genesis as best block, FSM RUNNING).
 */
module p2p.chain {
    requires io.grpc;
    requires io.grpc.stub;
    requires io.grpc.protobuf;
    requires io.grpc.netty;
    requires com.google.protobuf;
    requires com.google.common;
    requires java.logging;

    exports p2p.chain;

    opens p2p.chain.pb to com.google.protobuf;
    opens p2p.chain.pb.blockvalidation to com.google.protobuf;
}
