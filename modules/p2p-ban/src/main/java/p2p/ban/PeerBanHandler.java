package p2p.ban;

import java.time.Instant;

/** Called once each time a peer's score reaches the threshold (Teranode's BanEventHandler). */
@FunctionalInterface
public interface PeerBanHandler {
    void onPeerBanned(String peerId, Instant until, BanReason reason);
}
