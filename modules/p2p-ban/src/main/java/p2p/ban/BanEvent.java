package p2p.ban;

/**
 * A change of the ban list, as Teranode's BanEvent: {@code ip} holds the address for single-address entries,
 * {@code subnet} the CIDR for subnet entries (the other is empty).
 */
public record BanEvent(Action action, String ip, String subnet) {
    /** What happened to the entry. */
    public enum Action {
        ADD, REMOVE
    }
}
