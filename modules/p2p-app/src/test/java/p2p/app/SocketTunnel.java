package p2p.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries TCP connections across a network namespace boundary through a Unix domain socket file: a socket file lives
 * in the file system, which every namespace shares, while TCP addresses exist only in one namespace. The multi-host
 * lab ({@link NetnsLab}) uses it so that the test JVM (root namespace, loopback only) reaches each node's gRPC and
 * HTTP listeners on the node's own loopback, and each node reaches the test's Kafka broker and fake blockchain service
 * on its own loopback, without one address being added to the root namespace or one packet leaving loopback.
 *
 * <p>One end listens (TCP or Unix), the other connects (Unix or TCP); each accepted connection is pumped both ways by
 * two virtual threads until either side closes. {@link #main} runs the namespace side as its own small JVM under
 * {@code ip netns exec}; it only uses the JDK, so it starts from the test-classes directory alone.
 */
final class SocketTunnel implements AutoCloseable {
    private static final int BUFFER = 64 * 1024;

    private final ServerSocketChannel server;
    private final SocketAddress target;
    private final Path socketFile;
    private final List<SocketChannel> open = new ArrayList<>(); // guarded by itself
    private final Thread acceptor;

    private SocketTunnel(ServerSocketChannel server, SocketAddress target, Path socketFile) {
        this.server = server;
        this.target = target;
        this.socketFile = socketFile;
        this.acceptor = Thread.ofVirtual().name("tunnel-accept-" + target).start(this::acceptLoop);
    }

    /** Listens on socket file {@code listen}; each connection is carried to TCP {@code target} of this namespace. */
    static SocketTunnel unixToTcp(Path listen, InetSocketAddress target) {
        try {
            Files.deleteIfExists(listen);
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(listen));
            return new SocketTunnel(server, target, listen);
        } catch (IOException e) {
            throw new UncheckedIOException("tunnel " + listen + " -> " + target + ": " + e.getMessage(), e);
        }
    }

    /** Listens on TCP {@code listen} of this namespace (port 0: any); each connection goes to socket file {@code target}. */
    static SocketTunnel tcpToUnix(InetSocketAddress listen, Path target) {
        try {
            ServerSocketChannel server = ServerSocketChannel.open();
            server.bind(listen);
            return new SocketTunnel(server, UnixDomainSocketAddress.of(target), null);
        } catch (IOException e) {
            throw new UncheckedIOException("tunnel " + listen + " -> " + target + ": " + e.getMessage(), e);
        }
    }

    /** The bound TCP port of a {@link #tcpToUnix} tunnel. */
    int port() {
        try {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel inbound;
            try {
                inbound = server.accept();
            } catch (IOException closed) {
                return;
            }
            Thread.ofVirtual().start(() -> carry(inbound));
        }
    }

    private void carry(SocketChannel inbound) {
        SocketChannel outbound;
        try {
            outbound = SocketChannel.open(target);
        } catch (IOException e) {
            // The far side is not listening (a node stopped or killed): the caller sees its connection closed.
            closeQuietly(inbound);
            return;
        }
        synchronized (open) {
            open.add(inbound);
            open.add(outbound);
        }
        Thread.ofVirtual().start(() -> pump(outbound, inbound));
        pump(inbound, outbound);
        // Either direction ending closes both channels: forget them, so a long run does not keep every one.
        synchronized (open) {
            open.remove(inbound);
            open.remove(outbound);
        }
    }

    private static void pump(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException ignored) {
            // one side closed or reset: close both below, as a TCP proxy would
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            if (socketFile != null) {
                Files.deleteIfExists(socketFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            synchronized (open) {
                open.forEach(SocketTunnel::closeQuietly);
                open.clear();
            }
        }
    }

    /**
     * The namespace side: {@code tcp:<host>:<port>=<socket file>} listens on TCP here and carries to the socket file;
     * {@code unix:<socket file>=<host>:<port>} listens on the socket file and carries to TCP here. Prints
     * {@code tunnels ready} once every listener is bound, then runs until killed.
     */
    public static void main(String[] args) throws InterruptedException {
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (arg.startsWith("tcp:") && eq > 0) {
                tcpToUnix(hostPort(arg.substring(4, eq)), Path.of(arg.substring(eq + 1)));
            } else if (arg.startsWith("unix:") && eq > 0) {
                unixToTcp(Path.of(arg.substring(5, eq)), hostPort(arg.substring(eq + 1)));
            } else {
                throw new IllegalArgumentException("tunnel spec must be tcp:<host>:<port>=<file> or "
                        + "unix:<file>=<host>:<port>, got " + arg);
            }
        }
        System.out.println("tunnels ready");
        System.out.flush();
        Thread.currentThread().join();
    }

    private static InetSocketAddress hostPort(String text) {
        int colon = text.lastIndexOf(':');
        return new InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    }
}
