package p2p.web;

import java.util.Objects;

/**
 * One connected peer as GetPeers reports it: every field of Teranode's {@code p2p_api.Peer} (spec section 6). Fields
 * the node does not know stay empty or zero.
 *
 * @param id peer id (base58 multihash)
 * @param addr remote address (multiaddr)
 * @param addrLocal local address of the connection
 * @param services advertised services
 * @param lastSend last send time, Unix seconds
 * @param lastRecv last receive time, Unix seconds
 * @param sendSize bytes queued to send
 * @param recvSize bytes queued received
 * @param sendMemory memory held for sending, bytes
 * @param pauseSend sending paused
 * @param unpauseSend sending resumed
 * @param bytesSent bytes sent (proto uint64)
 * @param bytesReceived bytes received (proto uint64)
 * @param avgRecvBandwidth average receive bandwidth, bytes per second
 * @param assocId association id
 * @param streamPolicy stream policy
 * @param inbound the peer dialled us
 * @param connTime connection time, Unix seconds
 * @param pingTime last ping round trip, microseconds
 * @param timeOffset clock offset, seconds
 * @param version protocol version (proto uint32)
 * @param subVer user agent
 * @param startingHeight height when connected
 * @param currentHeight latest known height
 * @param banScore ban score (proto field banscore)
 * @param whitelisted whitelisted
 * @param feeFilter fee filter, satoshis per kB
 */
public record PeerView(String id,
                       String addr,
                       String addrLocal,
                       String services,
                       long lastSend,
                       long lastRecv,
                       long sendSize,
                       long recvSize,
                       long sendMemory,
                       boolean pauseSend,
                       boolean unpauseSend,
                       long bytesSent,
                       long bytesReceived,
                       long avgRecvBandwidth,
                       String assocId,
                       String streamPolicy,
                       boolean inbound,
                       long connTime,
                       long pingTime,
                       long timeOffset,
                       int version,
                       String subVer,
                       int startingHeight,
                       int currentHeight,
                       int banScore,
                       boolean whitelisted,
                       long feeFilter) {

    public PeerView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(addr, "addr");
        Objects.requireNonNull(addrLocal, "addrLocal");
        Objects.requireNonNull(services, "services");
        Objects.requireNonNull(assocId, "assocId");
        Objects.requireNonNull(streamPolicy, "streamPolicy");
        Objects.requireNonNull(subVer, "subVer");
    }

    /** A builder for a peer with id {@code id}; every other field defaults to empty or zero. */
    public static Builder builder(String id) {
        return new Builder().id(id);
    }

    /** Builds a {@link PeerView} field by field. */
    public static final class Builder {
        private String id = "";
        private String addr = "";
        private String addrLocal = "";
        private String services = "";
        private long lastSend;
        private long lastRecv;
        private long sendSize;
        private long recvSize;
        private long sendMemory;
        private boolean pauseSend;
        private boolean unpauseSend;
        private long bytesSent;
        private long bytesReceived;
        private long avgRecvBandwidth;
        private String assocId = "";
        private String streamPolicy = "";
        private boolean inbound;
        private long connTime;
        private long pingTime;
        private long timeOffset;
        private int version;
        private String subVer = "";
        private int startingHeight;
        private int currentHeight;
        private int banScore;
        private boolean whitelisted;
        private long feeFilter;

        private Builder() {
        }

        public Builder id(String value) {
            this.id = value;
            return this;
        }

        public Builder addr(String value) {
            this.addr = value;
            return this;
        }

        public Builder addrLocal(String value) {
            this.addrLocal = value;
            return this;
        }

        public Builder services(String value) {
            this.services = value;
            return this;
        }

        public Builder lastSend(long value) {
            this.lastSend = value;
            return this;
        }

        public Builder lastRecv(long value) {
            this.lastRecv = value;
            return this;
        }

        public Builder sendSize(long value) {
            this.sendSize = value;
            return this;
        }

        public Builder recvSize(long value) {
            this.recvSize = value;
            return this;
        }

        public Builder sendMemory(long value) {
            this.sendMemory = value;
            return this;
        }

        public Builder pauseSend(boolean value) {
            this.pauseSend = value;
            return this;
        }

        public Builder unpauseSend(boolean value) {
            this.unpauseSend = value;
            return this;
        }

        public Builder bytesSent(long value) {
            this.bytesSent = value;
            return this;
        }

        public Builder bytesReceived(long value) {
            this.bytesReceived = value;
            return this;
        }

        public Builder avgRecvBandwidth(long value) {
            this.avgRecvBandwidth = value;
            return this;
        }

        public Builder assocId(String value) {
            this.assocId = value;
            return this;
        }

        public Builder streamPolicy(String value) {
            this.streamPolicy = value;
            return this;
        }

        public Builder inbound(boolean value) {
            this.inbound = value;
            return this;
        }

        public Builder connTime(long value) {
            this.connTime = value;
            return this;
        }

        public Builder pingTime(long value) {
            this.pingTime = value;
            return this;
        }

        public Builder timeOffset(long value) {
            this.timeOffset = value;
            return this;
        }

        public Builder version(int value) {
            this.version = value;
            return this;
        }

        public Builder subVer(String value) {
            this.subVer = value;
            return this;
        }

        public Builder startingHeight(int value) {
            this.startingHeight = value;
            return this;
        }

        public Builder currentHeight(int value) {
            this.currentHeight = value;
            return this;
        }

        public Builder banScore(int value) {
            this.banScore = value;
            return this;
        }

        public Builder whitelisted(boolean value) {
            this.whitelisted = value;
            return this;
        }

        public Builder feeFilter(long value) {
            this.feeFilter = value;
            return this;
        }

        public PeerView build() {
            return new PeerView(id, addr, addrLocal, services, lastSend, lastRecv, sendSize, recvSize, sendMemory, pauseSend, unpauseSend, bytesSent, bytesReceived, avgRecvBandwidth, assocId, streamPolicy, inbound, connTime, pingTime, timeOffset, version, subVer, startingHeight, currentHeight, banScore, whitelisted, feeFilter);
        }
    }
}
