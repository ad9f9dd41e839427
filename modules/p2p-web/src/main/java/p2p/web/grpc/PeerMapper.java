package p2p.web.grpc;

import p2p.web.PeerView;
import p2p.web.pb.Peer;

/** {@link PeerView} to the wire {@code p2p_api.Peer}, field by field. */
final class PeerMapper {

    private PeerMapper() {
    }

    /** The wire peer; {@code banScore} replaces the view's score when the ban manager knows a fresher one. */
    static Peer toProto(PeerView view, int banScore) {
        return Peer.newBuilder()
                .setId(view.id())
                .setAddr(view.addr())
                .setAddrLocal(view.addrLocal())
                .setServices(view.services())
                .setLastSend(view.lastSend())
                .setLastRecv(view.lastRecv())
                .setSendSize(view.sendSize())
                .setRecvSize(view.recvSize())
                .setSendMemory(view.sendMemory())
                .setPauseSend(view.pauseSend())
                .setUnpauseSend(view.unpauseSend())
                .setBytesSent(view.bytesSent())
                .setBytesReceived(view.bytesReceived())
                .setAvgRecvBandwidth(view.avgRecvBandwidth())
                .setAssocId(view.assocId())
                .setStreamPolicy(view.streamPolicy())
                .setInbound(view.inbound())
                .setConnTime(view.connTime())
                .setPingTime(view.pingTime())
                .setTimeOffset(view.timeOffset())
                .setVersion(view.version())
                .setSubVer(view.subVer())
                .setStartingHeight(view.startingHeight())
                .setCurrentHeight(view.currentHeight())
                .setBanscore(banScore)
                .setWhitelisted(view.whitelisted())
                .setFeeFilter(view.feeFilter())
                .build();
    }
}
