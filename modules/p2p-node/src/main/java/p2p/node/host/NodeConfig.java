package p2p.node.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import p2p.node.crypto.PrivKey;
import p2p.node.crypto.Psk;
import p2p.node.multiaddr.Multiaddr;

/**
 * Everything a {@link P2PNode} needs, built once (spec section 2 and 9: {@code p2p_listen_addresses}/{@code p2p_port},
 * {@code p2p_advertise_addresses}, {@code p2p_shared_key}, the private key).
 *
 * @param identityKey        the node's libp2p identity (Ed25519 in practice)
 * @param listenAddresses    TCP multiaddrs to listen on ({@code /ip4/0.0.0.0/tcp/9905}); empty: dial only
 * @param advertiseAddresses addresses announced in identify instead of the listen addresses; empty: announce the
 *                           listen addresses
 * @param psk                the private-network key; empty: no pnet layer
 * @param limits             connection caps and the handshake timeout
 * @param gater              decides which addresses may connect or be dialled
 * @param agentVersion       announced in identify
 * @param muxer              the stream muxer's settings
 * @param ioThreads          event-loop threads (0 = Netty's default)
 * @param protocolVersion    identify's protocolVersion ({@code ipfs/0.1.0}; Teranode 2026:
 *                           {@code /teranode/bitcoin/<net>/1.0.0}, spec teranode-2026.md 1.1)
 * @param signedPeerRecords  whether identify carries our signed peer record (Teranode 2026, spec 1.2)
 */
public record NodeConfig(PrivKey identityKey, List<Multiaddr> listenAddresses, List<Multiaddr> advertiseAddresses,
                         Optional<Psk> psk, ConnectionLimits limits, ConnectionGater gater, String agentVersion,
                         MuxerSettings muxer, int ioThreads, String protocolVersion, boolean signedPeerRecords) {
    public static final String DEFAULT_AGENT_VERSION = "p2p-java/0.1.0";

    public NodeConfig {
        Objects.requireNonNull(identityKey, "identityKey");
        listenAddresses = List.copyOf(listenAddresses);
        advertiseAddresses = List.copyOf(advertiseAddresses);
        Objects.requireNonNull(psk, "psk");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(gater, "gater");
        Objects.requireNonNull(agentVersion, "agentVersion");
        Objects.requireNonNull(muxer, "muxer");
        muxer.yamux();
        Objects.requireNonNull(protocolVersion, "protocolVersion");
        for (Multiaddr a : listenAddresses) {
            if (!a.isTcp()) {
                throw new IllegalArgumentException("listen address must be a TCP multiaddr: " + a);
            }
        }
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads must not be negative: " + ioThreads);
        }
    }

    public static Builder builder(PrivKey identityKey) {
        return new Builder(identityKey);
    }

    /** Builder with the defaults: no listener, no PSK, {@link ConnectionLimits#DEFAULT}, allow-all gater. */
    public static final class Builder {
        private final PrivKey identityKey;
        private final List<Multiaddr> listen = new ArrayList<>();
        private final List<Multiaddr> advertise = new ArrayList<>();
        private Optional<Psk> psk = Optional.empty();
        private ConnectionLimits limits = ConnectionLimits.DEFAULT;
        private ConnectionGater gater = ConnectionGater.ALLOW_ALL;
        private String agentVersion = DEFAULT_AGENT_VERSION;
        private MuxerSettings muxer = MuxerSettings.defaults();
        private int ioThreads;
        private String protocolVersion = IdentifyInfo.PROTOCOL_VERSION;
        private boolean signedPeerRecords;

        private Builder(PrivKey identityKey) {
            this.identityKey = identityKey;
        }

        public Builder listen(Multiaddr address) {
            listen.add(address);
            return this;
        }

        public Builder listen(String address) {
            return listen(Multiaddr.parse(address));
        }

        public Builder advertise(Multiaddr address) {
            advertise.add(address);
            return this;
        }

        public Builder psk(Psk key) {
            psk = Optional.of(key);
            return this;
        }

        public Builder psk(Optional<Psk> key) {
            psk = key;
            return this;
        }

        /** The private network of this 32-byte key in hex ({@code p2p_shared_key}); refused when not 64 hex digits. */
        public Builder privateNetworkKey(String hex) {
            return psk(Psk.fromHex(hex));
        }

        /** No private-network layer (Teranode 2026). */
        public Builder noPrivateNetwork() {
            return psk(Optional.empty());
        }

        public Builder limits(ConnectionLimits value) {
            limits = value;
            return this;
        }

        public Builder gater(ConnectionGater value) {
            gater = value;
            return this;
        }

        public Builder agentVersion(String value) {
            agentVersion = value;
            return this;
        }

        public Builder muxer(MuxerSettings value) {
            muxer = value;
            return this;
        }

        public Builder ioThreads(int value) {
            ioThreads = value;
            return this;
        }

        public Builder protocolVersion(String value) {
            protocolVersion = value;
            return this;
        }

        public Builder signedPeerRecords(boolean value) {
            signedPeerRecords = value;
            return this;
        }

        public NodeConfig build() {
            return new NodeConfig(identityKey, listen, advertise, psk, limits, gater, agentVersion, muxer, ioThreads,
                    protocolVersion, signedPeerRecords);
        }
    }
}
