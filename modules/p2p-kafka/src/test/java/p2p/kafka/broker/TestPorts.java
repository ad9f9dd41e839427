package p2p.kafka.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Ports for tests. */
final class TestPorts {

    private TestPorts() {
    }

    /** @return a port nothing listens on (bound and released just now) */
    static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
