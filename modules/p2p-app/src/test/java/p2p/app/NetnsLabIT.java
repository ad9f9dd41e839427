package p2p.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The multi-host lab itself: each host has its own address on the lab network and nothing else (no default route,
 * so no way to the machine's interfaces), a link can be pulled and plugged back, a {@link SocketTunnel} carries a
 * connection from the test JVM to a host's loopback, and close() leaves no namespace or file behind.
 */
class NetnsLabIT {
    @Test
    void hostsHaveOnlyTheirLabAddressAndCloseRemovesEverything() throws Exception {
        List<String> names;
        Path dir;
        try (NetnsLab lab = NetnsLab.create(2)) {
            names = List.of(lab.host(1), lab.host(2));
            dir = lab.dir();
            String addresses = lab.run(1, "ip", "-4", "-o", "addr", "show");
            assertTrue(addresses.contains(lab.address(1).getHostAddress() + "/24"), addresses);
            assertTrue(addresses.contains("127.0.0.1/8"), addresses);
            String routes = lab.run(1, "ip", "-4", "route", "show");
            assertFalse(routes.contains("default"), routes);
            assertEquals(1, routes.strip().lines().count(), routes);
            // The root namespace holds none of the lab's addresses.
            assertFalse(new String(new ProcessBuilder("ip", "-4", "-o", "addr", "show").start().getInputStream()
                    .readAllBytes(), StandardCharsets.UTF_8).contains(lab.address(1).getHostAddress()));

            assertTrue(lab.run(1, "ip", "-o", "link", "show", "eth0").contains("state UP"));
            lab.linkDown(2);
            assertTrue(lab.run(2, "ip", "-o", "link", "show", "eth0").contains("NO-CARRIER"));
            lab.linkUp(2);
            AppNode.await("host 2's carrier back",
                    () -> !lab.run(2, "ip", "-o", "link", "show", "eth0").contains("NO-CARRIER"));

            // A TCP listener in the test JVM reached from host 1's loopback through a tunnel process there.
            try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
                 SocketTunnel rootSide = SocketTunnel.unixToTcp(dir.resolve("echo.sock"),
                         (InetSocketAddress) server.getLocalAddress())) {
                int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
                Process hostSide = new ProcessBuilder(lab.inHost(1, List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", Path.of("target/test-classes").toAbsolutePath().toString(),
                        SocketTunnel.class.getName(), "tcp:127.0.0.1:" + port + "=" + dir.resolve("echo.sock"))))
                        .redirectErrorStream(true).start();
                try {
                    assertEquals("tunnels ready", new String(hostSide.getInputStream().readNBytes(13),
                            StandardCharsets.UTF_8));
                    Process client = new ProcessBuilder(lab.inHost(1, List.of("bash", "-c",
                            "exec 3<>/dev/tcp/127.0.0.1/" + port + "; echo hello-from-host-1 >&3; exec 3>&-")))
                            .redirectErrorStream(true).start();
                    try (SocketChannel accepted = server.accept()) {
                        byte[] line = accepted.socket().getInputStream().readNBytes(18);
                        assertEquals("hello-from-host-1\n", new String(line, StandardCharsets.UTF_8));
                    }
                    assertEquals(0, client.waitFor());
                } finally {
                    hostSide.destroyForcibly();
                    hostSide.waitFor();
                }
            }
        }
        String left = new String(new ProcessBuilder("ip", "netns", "list").start().getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        for (String name : names) {
            assertFalse(left.contains(name), left);
        }
        assertFalse(Files.exists(dir), dir + " left behind");
    }
}
