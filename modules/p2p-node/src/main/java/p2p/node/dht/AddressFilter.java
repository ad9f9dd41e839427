package p2p.node.dht;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import p2p.node.crypto.PeerId;
import p2p.node.multiaddr.InvalidMultiaddrException;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.multiaddr.MultiaddrComponent;
import p2p.node.multiaddr.MultiaddrProtocol;

/**
 * Decides which addresses a peer's DHT entry may carry. Peers hand us addresses of third parties that we would
 * store, pass on and dial, so anything we could never dial is dropped here: unparseable bytes, non-TCP transports
 * (this node dials TCP only), the unspecified and multicast/broadcast IPs, port 0, and a {@code /p2p/} suffix naming
 * another peer. Loopback and private IPs stay unless {@code publicOnly}: Teranode private networks run on LANs and
 * docker bridges, and the Discovery loop applies {@code p2p_optimise_retries} to loopback-only peers itself.
 */
public final class AddressFilter {
    /** At most this many addresses are kept per peer; more is either a bug or an attempt to bloat our tables. */
    public static final int MAX_ADDRESSES_PER_PEER = 32;

    /** Keeps loopback and private addresses. */
    public static final AddressFilter DEFAULT = new AddressFilter(false);
    /** Keeps only globally routable addresses. */
    public static final AddressFilter PUBLIC_ONLY = new AddressFilter(true);

    private final boolean publicOnly;

    private AddressFilter(boolean publicOnly) {
        this.publicOnly = publicOnly;
    }

    /**
     * Parses and filters binary addresses of {@code peer}, dropping bogus ones, duplicates and those beyond
     * {@link #MAX_ADDRESSES_PER_PEER}. Addresses are returned without a {@code /p2p/} suffix.
     */
    public List<Multiaddr> filterBytes(PeerId peer, List<byte[]> raw) {
        LinkedHashSet<Multiaddr> kept = new LinkedHashSet<>();
        for (byte[] bytes : raw) {
            if (kept.size() >= MAX_ADDRESSES_PER_PEER) {
                break;
            }
            try {
                accept(peer, Multiaddr.fromBytes(bytes)).ifPresent(kept::add);
            } catch (InvalidMultiaddrException e) {
                // a bogus address is dropped alone; the rest of the entry may be fine
            }
        }
        return List.copyOf(kept);
    }

    /** Filters parsed addresses of {@code peer}; see {@link #filterBytes}. */
    public List<Multiaddr> filter(PeerId peer, List<Multiaddr> addresses) {
        LinkedHashSet<Multiaddr> kept = new LinkedHashSet<>();
        for (Multiaddr a : addresses) {
            if (kept.size() >= MAX_ADDRESSES_PER_PEER) {
                break;
            }
            accept(peer, a).ifPresent(kept::add);
        }
        return List.copyOf(kept);
    }

    /** The address to keep for {@code peer} (its {@code /p2p/} suffix removed), or empty when it is bogus. */
    public Optional<Multiaddr> accept(PeerId peer, Multiaddr address) {
        Optional<byte[]> suffix = address.peerIdBytes();
        if (suffix.isPresent()) {
            if (!Arrays.equals(suffix.get(), peer.toBytes()) || address.components().size() == 1) {
                return Optional.empty();
            }
            address = address.withoutPeerId();
        }
        List<MultiaddrComponent> parts = address.components();
        if (parts.size() != 2 || !address.isTcp() || address.port() == 0) {
            return Optional.empty();
        }
        MultiaddrComponent host = parts.get(0);
        if (host.protocol() == MultiaddrProtocol.IP4 || host.protocol() == MultiaddrProtocol.IP6) {
            InetAddress ip;
            try {
                ip = InetAddress.getByAddress(host.valueBytes());
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
            if (ip.isAnyLocalAddress() || ip.isMulticastAddress() || isBroadcast(ip)) {
                return Optional.empty();
            }
            if (publicOnly && (ip.isLoopbackAddress() || ip.isLinkLocalAddress() || ip.isSiteLocalAddress()
                    || isUniqueLocal(ip))) {
                return Optional.empty();
            }
        } else if (publicOnly && host.valueText().equalsIgnoreCase("localhost")) {
            return Optional.empty();
        }
        return Optional.of(address);
    }

    /** Whether the address is an IPv4 or IPv6 loopback one ({@code p2p_optimise_retries} treats these apart). */
    public static boolean isLoopback(Multiaddr address) {
        MultiaddrComponent host = address.components().get(0);
        if (host.protocol() != MultiaddrProtocol.IP4 && host.protocol() != MultiaddrProtocol.IP6) {
            return false;
        }
        try {
            return InetAddress.getByAddress(host.valueBytes()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isBroadcast(InetAddress ip) {
        byte[] b = ip.getAddress();
        return b.length == 4 && (b[0] & b[1] & b[2] & b[3]) == (byte) 0xff;
    }

    private static boolean isUniqueLocal(InetAddress ip) {
        byte[] b = ip.getAddress();
        return b.length == 16 && (b[0] & 0xfe) == 0xfc;
    }
}
