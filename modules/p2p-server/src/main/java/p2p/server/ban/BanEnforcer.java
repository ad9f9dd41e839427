package p2p.server.ban;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import p2p.ban.BanEvent;
import p2p.ban.BanList;
import p2p.ban.BanReason;
import p2p.ban.BanSubscription;
import p2p.ban.PeerBanHandler;
import p2p.node.crypto.PeerId;
import p2p.node.host.P2PNode;
import p2p.node.host.PeerInfo;
import p2p.node.host.ConnectionGater;

/**
 * Makes the ban list bite (spec section 5): banned addresses are refused at the gater before any byte is read, a new
 * ban disconnects every connected peer it covers (IP or subnet), peers already banned are dropped at start, and a
 * peer whose score reaches the threshold has its IP put on the ban list.
 */
public final class BanEnforcer implements ConnectionGater, PeerBanHandler, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BanEnforcer.class.getName());

    private final BanList banList;
    private volatile P2PNode node;
    private BanSubscription subscription;

    public BanEnforcer(BanList banList) {
        this.banList = banList;
    }

    /** Starts enforcing on {@code node}: listens for ban events and drops peers that are already banned. */
    public void attach(P2PNode node) {
        this.node = node;
        subscription = banList.subscribe(this::onBanEvent);
        disconnectBanned();
    }

    @Override
    public boolean allowInbound(InetSocketAddress remote) {
        return !banList.isBanned(remote.getAddress());
    }

    @Override
    public void onPeerBanned(String peerId, Instant until, BanReason reason) {
        P2PNode current = node;
        if (current == null) {
            return;
        }
        current.peer(PeerId.parse(peerId)).ifPresentOrElse(peer -> {
            String ip = peer.remoteAddress().host();
            LOG.warning(() -> "peer " + peerId + " reached the ban threshold (" + reason.wireName() + "): banning "
                    + ip + " until " + until);
            banList.add(ip, until); // the add event disconnects it
        }, () -> LOG.warning(() -> "peer " + peerId + " reached the ban threshold (" + reason.wireName()
                + ") but is no longer connected; its address is unknown, nothing added to the ban list"));
    }

    private void onBanEvent(BanEvent event) {
        if (event.action() == BanEvent.Action.ADD) {
            disconnectBanned();
        }
    }

    /** Disconnects every connected peer whose remote IP the ban list covers. */
    void disconnectBanned() {
        P2PNode current = node;
        if (current == null) {
            return;
        }
        for (PeerInfo peer : current.peers()) {
            String ip = peer.remoteAddress().host();
            if (banList.isBanned(ip)) {
                LOG.info(() -> "disconnecting banned peer " + peer.peerId() + " at " + ip);
                current.disconnect(peer.peerId()).whenComplete((ignored, error) -> {
                    if (error != null) {
                        LOG.log(Level.FINE, "disconnecting " + peer.peerId() + " failed", error);
                    }
                });
            }
        }
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
    }
}
