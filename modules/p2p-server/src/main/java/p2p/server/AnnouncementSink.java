package p2p.server;

/**
 * Where the server sends operator notifications (the application connects it to the WebSocket hub). Called from the
 * pubsub loop and worker threads: must not block.
 */
@FunctionalInterface
public interface AnnouncementSink {
    /** Drops everything; for a server without operators. */
    AnnouncementSink NONE = announcement -> { };

    void announce(Announcement announcement);
}
