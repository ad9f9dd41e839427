package p2p.node.transport;

import io.netty.channel.Channel;
import java.util.Objects;
import p2p.node.crypto.PeerId;
import p2p.node.crypto.PubKey;
import p2p.node.host.Direction;
import p2p.node.yamux.YamuxSession;

/**
 * A connection that finished its upgrade: authenticated by Noise and multiplexed by yamux.
 *
 * @param channel    the TCP channel
 * @param direction  who dialled
 * @param remotePeer the peer id proven by the Noise handshake
 * @param remoteKey  the peer's identity key
 * @param muxer      the yamux session that opens and accepts streams
 * @param traffic    wire byte counters of the connection
 */
public record UpgradedConnection(Channel channel, Direction direction, PeerId remotePeer, PubKey remoteKey,
                                 YamuxSession muxer, TrafficCounter traffic) {
    public UpgradedConnection {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(remotePeer, "remotePeer");
        Objects.requireNonNull(remoteKey, "remoteKey");
        Objects.requireNonNull(muxer, "muxer");
        Objects.requireNonNull(traffic, "traffic");
    }
}
