package p2p.server.gen2026;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import p2p.node.crypto.PeerId;
import p2p.server.gen2026.message.BlockMessage;
import p2p.server.gen2026.message.NodeStatusMessage;
import p2p.server.gen2026.message.RejectedTxMessage;
import p2p.server.gen2026.message.SubtreeMessage;

/**
 * Receive-side checks of a decoded 2026 message (spec teranode-2026 1.5), in Teranode's order: the author check
 * (the payload's peer id must be the signed gossipsub author, "peer ID spoofing"), then the field bounds (peer ids
 * at most 128 characters, hashes exactly 64 hex digits, a header at most 160 hex digits, chain work at most 64,
 * URLs at most 2048 characters, every text printable) and the URL rule (http or https, and unless
 * {@code p2p_allow_private_ips} a host that is no loopback, private, link-local or shared (100.64/10) address). A
 * host name is not resolved (this runs on the pubsub loop); {@code localhost} counts as loopback. Each failure is a
 * {@link GossipViolation} the handler scores {@code protocol_violation} against the author.
 */
public final class GossipFieldRules {
    static final int MAX_PEER_ID = 128;
    static final int HASH_HEX = 64;
    static final int MAX_HEADER_HEX = 160;
    static final int MAX_CHAIN_WORK_HEX = 64;
    static final int MAX_URL = 2048;

    private final boolean allowPrivateIps;

    /** @param allowPrivateIps {@code p2p_allow_private_ips}: private and loopback URL hosts are accepted */
    public GossipFieldRules(boolean allowPrivateIps) {
        this.allowPrivateIps = allowPrivateIps;
    }

    public void check(BlockMessage m, PeerId author) throws GossipViolation {
        author("PeerID", m.peerId(), author);
        printable("ClientName", m.clientName());
        hash("Hash", m.hash());
        hex("Header", m.header(), MAX_HEADER_HEX);
        url("DataHubURL", m.dataHubUrl(), true);
    }

    public void check(SubtreeMessage m, PeerId author) throws GossipViolation {
        author("PeerID", m.peerId(), author);
        printable("ClientName", m.clientName());
        hash("Hash", m.hash());
        url("DataHubURL", m.dataHubUrl(), true);
    }

    public void check(RejectedTxMessage m, PeerId author) throws GossipViolation {
        author("PeerID", m.peerId(), author);
        printable("ClientName", m.clientName());
        hash("TxID", m.txId());
        printable("Reason", m.reason());
    }

    /** node_status: {@code base_url} may be empty (a listen-only node), so may the best hash of a node at genesis. */
    public void check(NodeStatusMessage m, PeerId author) throws GossipViolation {
        author("peer_id", m.peerId(), author);
        for (String[] text : new String[][] {{"client_name", m.clientName()}, {"type", m.type()},
                {"version", m.version()}, {"commit_hash", m.commitHash()}, {"fsm_state", m.fsmState()},
                {"miner_name", m.minerName()}, {"listen_mode", m.listenMode()}, {"storage", m.storage()}}) {
            printable(text[0], text[1]);
        }
        if (!m.bestBlockHash().isEmpty()) {
            hash("best_block_hash", m.bestBlockHash());
        }
        if (!m.syncPeerBlockHash().isEmpty()) {
            hash("sync_peer_block_hash", m.syncPeerBlockHash());
        }
        if (m.syncPeerId().length() > MAX_PEER_ID) {
            throw new GossipViolation("sync_peer_id longer than " + MAX_PEER_ID + " characters");
        }
        printable("sync_peer_id", m.syncPeerId());
        hex("chain_work", m.chainWork(), MAX_CHAIN_WORK_HEX);
        url("base_url", m.baseUrl(), false);
        url("propagation_url", m.propagationUrl(), false);
    }

    private static void author(String field, String claimed, PeerId author) throws GossipViolation {
        if (claimed.length() > MAX_PEER_ID) {
            throw new GossipViolation(field + " longer than " + MAX_PEER_ID + " characters");
        }
        if (!claimed.equals(author.toBase58())) {
            throw new GossipViolation("peer ID spoofing: " + field + " '" + Sanitise.display(claimed, 64)
                    + "' is not the message's author " + author);
        }
    }

    private static void hash(String field, String value) throws GossipViolation {
        if (value.length() != HASH_HEX) {
            throw new GossipViolation(field + " must be " + HASH_HEX + " hex digits, got " + value.length()
                    + " characters");
        }
        hex(field, value, HASH_HEX);
    }

    private static void hex(String field, String value, int max) throws GossipViolation {
        if (value.length() > max) {
            throw new GossipViolation(field + " longer than " + max + " hex digits");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.digit(value.charAt(i), 16) < 0 || value.charAt(i) > 'f') {
                throw new GossipViolation(field + " holds the non-hex character '"
                        + Sanitise.display(String.valueOf(value.charAt(i)), 4) + "'");
            }
        }
    }

    private static void printable(String field, String value) throws GossipViolation {
        if (!Sanitise.isPrintable(value)) {
            throw new GossipViolation(field + " holds a control or unprintable character");
        }
    }

    /** Spec 1.5's URL rule; {@code required} says whether an empty URL is refused. */
    private void url(String field, String value, boolean required) throws GossipViolation {
        if (value.isEmpty()) {
            if (required) {
                throw new GossipViolation(field + " is empty");
            }
            return;
        }
        if (value.length() > MAX_URL) {
            throw new GossipViolation(field + " longer than " + MAX_URL + " characters");
        }
        printable(field, value);
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new GossipViolation(field + " is no URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new GossipViolation(field + " must be http or https, got '" + Sanitise.display(value, 80) + "'");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new GossipViolation(field + " has no host: '" + Sanitise.display(value, 80) + "'");
        }
        if (!allowPrivateIps && isLocal(host)) {
            throw new GossipViolation(field + " points at a loopback, private or link-local host '"
                    + Sanitise.display(host, 80) + "' (accepted only with p2p_allow_private_ips)");
        }
    }

    /** Whether {@code host} is an address literal in a local range, or {@code localhost}. */
    static boolean isLocal(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        byte[] ipv4 = ipv4(h);
        InetAddress address;
        try {
            if (ipv4 != null) {
                address = InetAddress.getByAddress(ipv4);
            } else if (h.contains(":")) {
                // A literal with ':' is parsed as IPv6 and never looked up in DNS.
                address = InetAddress.getByName(h);
            } else {
                return false;
            }
        } catch (java.net.UnknownHostException e) {
            return false;
        }
        byte[] b = address.getAddress();
        boolean sharedSpace = b.length == 4 && (b[0] & 0xFF) == 100 && (b[1] & 0xC0) == 64;
        boolean uniqueLocal = b.length == 16 && (b[0] & 0xFE) == 0xFC;
        return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || sharedSpace || uniqueLocal;
    }


    /** The four bytes of a dotted-quad literal, or null when {@code host} is none (a host name). */
    private static byte[] ipv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                return null;
            }
            out[i] = (byte) Integer.parseInt(part);
        }
        return out;
    }
}
