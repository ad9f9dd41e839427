package p2p.ban;

/** Handle of a ban-event listener; closing it unsubscribes. */
public interface BanSubscription extends AutoCloseable {
    @Override
    void close();
}
