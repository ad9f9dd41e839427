package p2p.node.multiaddr;

/**
 * The multiaddr protocols this node understands, with their codes from multiformats/multiaddr
 * {@code protocols.csv}. The TCP stack dials only ip4/ip6/dns* + tcp; the others are parsed so that the addresses
 * peers advertise (identify, DHT records) can be read, kept and filtered instead of rejected whole.
 */
public enum MultiaddrProtocol {
    IP4(4, "ip4", ValueFormat.IP4),
    TCP(6, "tcp", ValueFormat.PORT),
    UDP(273, "udp", ValueFormat.PORT),
    IP6(41, "ip6", ValueFormat.IP6),
    IP6ZONE(42, "ip6zone", ValueFormat.NAME),
    DNS(53, "dns", ValueFormat.NAME),
    DNS4(54, "dns4", ValueFormat.NAME),
    DNS6(55, "dns6", ValueFormat.NAME),
    DNSADDR(56, "dnsaddr", ValueFormat.NAME),
    P2P(421, "p2p", ValueFormat.PEER_ID),
    TLS(448, "tls", ValueFormat.NONE),
    SNI(449, "sni", ValueFormat.NAME),
    NOISE(454, "noise", ValueFormat.NONE),
    QUIC(460, "quic", ValueFormat.NONE),
    QUIC_V1(461, "quic-v1", ValueFormat.NONE),
    WEBTRANSPORT(465, "webtransport", ValueFormat.NONE),
    HTTP(480, "http", ValueFormat.NONE),
    HTTPS(443, "https", ValueFormat.NONE),
    WS(477, "ws", ValueFormat.NONE),
    WSS(478, "wss", ValueFormat.NONE),
    WEBRTC_DIRECT(280, "webrtc-direct", ValueFormat.NONE),
    WEBRTC(281, "webrtc", ValueFormat.NONE),
    P2P_CIRCUIT(290, "p2p-circuit", ValueFormat.NONE);

    private final int code;
    private final String text;
    final ValueFormat format;

    MultiaddrProtocol(int code, String text, ValueFormat format) {
        this.code = code;
        this.text = text;
        this.format = format;
    }

    /** The multicodec code written as a varint in the binary form. */
    public int code() {
        return code;
    }

    /** The name used in the text form ({@code ip4}, {@code quic-v1}). */
    public String text() {
        return text;
    }

    /** Whether a value follows the protocol ({@code /tcp/4001}) or not ({@code /quic-v1}). */
    public boolean hasValue() {
        return format != ValueFormat.NONE;
    }

    /** Whether the value names a host: ip4, ip6, dns, dns4 or dns6. */
    public boolean isHost() {
        return this == IP4 || this == IP6 || this == DNS || this == DNS4 || this == DNS6;
    }

    /** By text name; {@code ipfs} is the legacy alias of {@code p2p}. Null when unknown. */
    static MultiaddrProtocol byText(String name) {
        if (name.equals("ipfs")) {
            return P2P;
        }
        for (MultiaddrProtocol p : values()) {
            if (p.text.equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** By multicodec code; null when unknown. */
    static MultiaddrProtocol byCode(long code) {
        for (MultiaddrProtocol p : values()) {
            if (p.code == code) {
                return p;
            }
        }
        return null;
    }
}
