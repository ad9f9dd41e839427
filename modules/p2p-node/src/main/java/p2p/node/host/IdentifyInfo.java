package p2p.node.host;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import p2p.node.crypto.PubKey;
import p2p.node.multiaddr.Multiaddr;

/**
 * What a peer says about itself in an identify message.
 *
 * @param protocolVersion protocol family, {@code ipfs/0.1.0} in practice; empty string when absent
 * @param agentVersion    implementation name and version; empty string when absent
 * @param publicKey       the peer's identity key, if sent
 * @param listenAddrs     addresses the peer listens on (those it sent that we could parse)
 * @param observedAddr    our address as the peer sees it, if sent
 * @param protocols       stream protocols the peer handles
 * @param signedPeerRecord the peer's signed peer record ({@link PeerRecord}) as sent, unverified
 */
public record IdentifyInfo(String protocolVersion, String agentVersion, Optional<PubKey> publicKey,
                           List<Multiaddr> listenAddrs, Optional<Multiaddr> observedAddr, List<String> protocols,
                           Optional<byte[]> signedPeerRecord) {
    /** The protocol family every libp2p implementation announces. */
    public static final String PROTOCOL_VERSION = "ipfs/0.1.0";

    public IdentifyInfo {
        Objects.requireNonNull(protocolVersion, "protocolVersion");
        Objects.requireNonNull(agentVersion, "agentVersion");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(observedAddr, "observedAddr");
        listenAddrs = List.copyOf(listenAddrs);
        protocols = List.copyOf(protocols);
        Objects.requireNonNull(signedPeerRecord, "signedPeerRecord");
    }

    /** A message without a signed peer record (the July-2025 generation sends none). */
    public IdentifyInfo(String protocolVersion, String agentVersion, Optional<PubKey> publicKey,
                        List<Multiaddr> listenAddrs, Optional<Multiaddr> observedAddr, List<String> protocols) {
        this(protocolVersion, agentVersion, publicKey, listenAddrs, observedAddr, protocols, Optional.empty());
    }

    /** This record with the fields a push message carries applied over it (spec "identify/push"). */
    public IdentifyInfo merge(IdentifyInfo push) {
        return new IdentifyInfo(
                push.protocolVersion.isEmpty() ? protocolVersion : push.protocolVersion,
                push.agentVersion.isEmpty() ? agentVersion : push.agentVersion,
                push.publicKey.isPresent() ? push.publicKey : publicKey,
                push.listenAddrs.isEmpty() ? listenAddrs : push.listenAddrs,
                push.observedAddr.isPresent() ? push.observedAddr : observedAddr,
                push.protocols.isEmpty() ? protocols : push.protocols,
                push.signedPeerRecord.isPresent() ? push.signedPeerRecord : signedPeerRecord);
    }
}
