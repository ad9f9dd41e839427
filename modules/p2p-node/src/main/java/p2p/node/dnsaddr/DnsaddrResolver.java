package p2p.node.dnsaddr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.multiaddr.MultiaddrComponent;
import p2p.node.multiaddr.MultiaddrProtocol;

/**
 * Resolves {@code /dnsaddr/<domain>[/p2p/<id>]} (libp2p/specs addressing "dnsaddr"): the TXT records of
 * {@code _dnsaddr.<domain>} of the form {@code dnsaddr=<multiaddr>} are the addresses, a {@code /dnsaddr/} among them
 * is resolved in turn, and when the asked address ends in {@code /p2p/<id>} only addresses of that peer are kept.
 * Other addresses are returned as they are; records that are not {@code dnsaddr=} or do not parse are skipped.
 */
public final class DnsaddrResolver {
    /** Nesting beyond this is a loop or an abuse: go-libp2p stops at 32 as well. */
    public static final int MAX_DEPTH = 32;
    /** A name may fan out to at most this many addresses in total. */
    public static final int MAX_ADDRESSES = 100;

    private final TxtLookup lookup;

    public DnsaddrResolver(TxtLookup lookup) {
        this.lookup = lookup;
    }

    public static boolean isDnsaddr(Multiaddr address) {
        return address.components().get(0).protocol() == MultiaddrProtocol.DNSADDR;
    }

    /**
     * Checks a configured {@code /dnsaddr/} address before anything resolves it: {@code /dnsaddr/<domain>} with at
     * most a {@code /p2p/<peer id>} after it, the domain a DNS name (labels of letters, digits and inner hyphens, 1-63
     * characters each, 253 in all). A mistake here would otherwise only show as a lookup that never answers.
     *
     * @throws DnsaddrException saying what is wrong with {@code text}
     */
    public static Multiaddr checkConfigured(String text) {
        Multiaddr address;
        try {
            address = Multiaddr.parse(text);
        } catch (RuntimeException e) {
            throw new DnsaddrException("is not a multiaddr: " + e.getMessage());
        }
        List<MultiaddrComponent> parts = address.components();
        if (parts.get(0).protocol() != MultiaddrProtocol.DNSADDR) {
            throw new DnsaddrException("does not start with /dnsaddr/");
        }
        if (parts.size() > 2 || (parts.size() == 2 && parts.get(1).protocol() != MultiaddrProtocol.P2P)) {
            throw new DnsaddrException("may only have /p2p/<peer id> after the domain");
        }
        String domain = parts.get(0).valueText();
        if (domain.isEmpty() || domain.length() > 253 || !Arrays.stream(domain.split("\\.", -1))
                .allMatch(DnsaddrResolver::isLabel)) {
            throw new DnsaddrException("has no valid DNS name after /dnsaddr/ (got '" + domain + "')");
        }
        return address;
    }

    private static boolean isLabel(String label) {
        if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
            return false;
        }
        return label.chars().allMatch(c -> c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z'));
    }

    /**
     * The addresses {@code address} stands for: itself when it is not a {@code /dnsaddr/}. Blocking (DNS).
     *
     * @throws DnsaddrException when a lookup fails or the records nest deeper than {@link #MAX_DEPTH}
     */
    public List<Multiaddr> resolve(Multiaddr address) {
        List<Multiaddr> out = new ArrayList<>();
        resolve(address, 0, out);
        return List.copyOf(out);
    }

    private void resolve(Multiaddr address, int depth, List<Multiaddr> out) {
        if (!isDnsaddr(address)) {
            if (out.size() < MAX_ADDRESSES && !out.contains(address)) {
                out.add(address);
            }
            return;
        }
        if (depth >= MAX_DEPTH) {
            throw new DnsaddrException("/dnsaddr/ records of " + address + " nest deeper than " + MAX_DEPTH);
        }
        String domain = address.components().get(0).valueText();
        byte[] wanted = address.peerIdBytes().orElse(null);
        for (String record : lookup.txt("_dnsaddr." + domain)) {
            if (!record.startsWith("dnsaddr=")) {
                continue;
            }
            Multiaddr found;
            try {
                found = Multiaddr.parse(record.substring("dnsaddr=".length()).strip());
            } catch (RuntimeException malformed) {
                continue; // one bad record does not spoil the others
            }
            if (wanted != null && !endsWithPeer(found, wanted)) {
                continue;
            }
            resolve(found, depth + 1, out);
        }
    }

    private static boolean endsWithPeer(Multiaddr address, byte[] peer) {
        List<MultiaddrComponent> parts = address.components();
        MultiaddrComponent last = parts.get(parts.size() - 1);
        return last.protocol() == MultiaddrProtocol.P2P && Arrays.equals(last.valueBytes(), peer);
    }
}
