package p2p.node.host;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.transport.TcpTransport;

/**
 * The addresses the node is bound to and the ones it tells peers about in identify and its signed peer record
 * (spec teranode-p2p.md section 2.4): the configured advertise addresses, or else the bound ones with a wildcard host
 * replaced by this machine's interface addresses, then our relay circuit addresses.
 */
final class ListenAddresses {
    /** The host's logger: the node logs under one name, as it did before this part left P2PNode. */
    private static final Logger LOG = Logger.getLogger(P2PNode.class.getName());

    private final List<Multiaddr> advertise;
    private final TcpTransport transport;
    /** Our {@code <relay>/p2p-circuit} addresses from relay reservations, advertised after the direct ones. */
    private volatile List<Multiaddr> circuitAddresses = List.of();

    ListenAddresses(List<Multiaddr> advertise, TcpTransport transport) {
        this.advertise = advertise;
        this.transport = transport;
    }

    /** The addresses actually bound (the real port when 0 was asked). */
    List<Multiaddr> bound() {
        return transport.boundAddresses().stream().map(Multiaddr::tcp).toList();
    }

    List<Multiaddr> advertised() {
        List<Multiaddr> relayed = circuitAddresses;
        if (!advertise.isEmpty()) {
            return relayed.isEmpty() ? advertise : concat(advertise, relayed);
        }
        List<Multiaddr> out = new ArrayList<>();
        for (InetSocketAddress bound : transport.boundAddresses()) {
            if (bound.getAddress().isAnyLocalAddress()) {
                for (InetAddress ip : interfaceAddresses(bound.getAddress() instanceof Inet6Address)) {
                    out.add(Multiaddr.tcp(new InetSocketAddress(ip, bound.getPort())));
                }
            } else {
                out.add(Multiaddr.tcp(bound));
            }
        }
        out.addAll(relayed);
        return out;
    }

    /** Replaces our circuit addresses; returns whether they changed (peers are then told by identify push). */
    boolean setCircuitAddresses(List<Multiaddr> addresses) {
        List<Multiaddr> copy = List.copyOf(addresses);
        if (copy.equals(circuitAddresses)) {
            return false;
        }
        circuitAddresses = copy;
        return true;
    }

    private static List<Multiaddr> concat(List<Multiaddr> a, List<Multiaddr> b) {
        List<Multiaddr> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    private static List<InetAddress> interfaceAddresses(boolean ipv6) {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp()) {
                    continue;
                }
                for (InetAddress ip : Collections.list(nif.getInetAddresses())) {
                    if ((ipv6 ? ip instanceof Inet6Address : ip instanceof Inet4Address) && !ip.isLinkLocalAddress()) {
                        out.add(ip);
                    }
                }
            }
        } catch (SocketException e) {
            LOG.log(Level.WARNING, "cannot list network interfaces for the advertised addresses", e);
        }
        return out;
    }
}
