package p2p.node.dnsaddr;

/** A {@code /dnsaddr/} name that cannot be resolved: the lookup failed, or the records nest too deep. */
public final class DnsaddrException extends RuntimeException {
    public DnsaddrException(String message) {
        super(message);
    }

    public DnsaddrException(String message, Throwable cause) {
        super(message, cause);
    }
}
