package p2p.app;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.crypto.Psk;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;
import p2p.node.multiaddr.Multiaddr;
import p2p.testkit.Await;

/**
 * The hostile host's raw-socket half (the Go test peer is the other half), run in its own lab namespace by
 * {@link MultiHostHostileIT}: {@code HostileClient <ip> <port> <psk hex> <peer id>}. It attacks one node layer by
 * layer, with bytes no honest peer would send, and prints one {@code hostile <attack> <outcome>} line per attack:
 * <ul>
 *   <li>a connection storm: many TCP connections opened at once and held without a byte;</li>
 *   <li>garbage from the first byte (the pnet nonce then random bytes, which decrypt to no multistream header);</li>
 *   <li>an oversized multistream frame: a correct pnet layer, then a length prefix of 2^31 - 1;</li>
 *   <li>garbage Noise frames: multistream agrees on /noise, then full-size (65535-byte) random handshake frames;</li>
 *   <li>garbage and oversized frames inside a real session (pnet, Noise, yamux, as a libp2p node of our own): random
 *       bytes written straight into the yamux layer; on /meshsub/1.1.0 an RPC length of 2^31 - 1 and random protobuf;
 *       the same on the DHT protocol.</li>
 * </ul>
 * Each attack is bounded in count and time; the process exits when done.
 */
public final class HostileClient {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int STORM = 300;
    private static final int GARBAGE_CONNECTIONS = 40;

    private final InetSocketAddress target;
    private final byte[] psk;
    private final String peerId;

    private HostileClient(InetSocketAddress target, byte[] psk, String peerId) {
        this.target = target;
        this.psk = psk;
        this.peerId = peerId;
    }

    public static void main(String[] args) throws Exception {
        HostileClient client = new HostileClient(new InetSocketAddress(args[0], Integer.parseInt(args[1])),
                HexFormat.of().parseHex(args[2]), args[3]);
        client.storm();
        client.garbageFromTheStart();
        client.oversizedMultistream();
        client.garbageNoise();
        client.insideASession(args[2]);
        System.out.println("hostile done");
        System.exit(0);
    }

    private void report(String attack, String outcome) {
        System.out.println("hostile " + attack + " " + outcome);
        System.out.flush();
    }

    /** Opens STORM connections, holds them all, then counts how many the node had closed by then. */
    private void storm() throws InterruptedException {
        List<Socket> sockets = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < STORM; i++) {
            try {
                Socket socket = new Socket();
                socket.connect(target, 5_000);
                socket.setSoTimeout(50);
                sockets.add(socket);
            } catch (IOException e) {
                failed++;
            }
        }
        int closedByNode = 0;
        for (Socket socket : sockets) {
            if (closedByPeer(socket, 3_000)) {
                closedByNode++;
            }
        }
        report("storm", "opened=" + sockets.size() + " connectFailed=" + failed + " closedByNode=" + closedByNode);
        sockets.forEach(HostileClient::closeQuietly);
    }

    /** Whether the node closed {@code socket} within {@code millis} (read sees end of stream or a reset). */
    private static boolean closedByPeer(Socket socket, long millis) {
        byte[] buffer = new byte[4096];
        return Await.holdsWithin(Duration.ofMillis(millis), () -> {
            try {
                return socket.getInputStream().read(buffer) < 0;
            } catch (java.net.SocketTimeoutException stillOpen) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        });
    }

    private void garbageFromTheStart() {
        int closed = 0;
        for (int i = 0; i < GARBAGE_CONNECTIONS; i++) {
            try (Socket socket = new Socket()) {
                socket.connect(target, 5_000);
                socket.setSoTimeout(200);
                socket.getOutputStream().write(random(4096));
                if (closedByPeer(socket, 10_000)) {
                    closed++;
                }
            } catch (IOException e) {
                closed++; // refused or reset at once
            }
        }
        report("garbage-before-multistream", "closedByNode=" + closed + "/" + GARBAGE_CONNECTIONS);
    }

    private void oversizedMultistream() {
        int closed = 0;
        for (int i = 0; i < GARBAGE_CONNECTIONS; i++) {
            try (Socket socket = new Socket()) {
                socket.connect(target, 5_000);
                socket.setSoTimeout(200);
                PnetWriter out = new PnetWriter(socket.getOutputStream(), psk);
                out.write(varint(Integer.MAX_VALUE));
                out.write(random(1024));
                if (closedByPeer(socket, 10_000)) {
                    closed++;
                }
            } catch (IOException e) {
                closed++;
            }
        }
        report("oversized-multistream", "closedByNode=" + closed + "/" + GARBAGE_CONNECTIONS);
    }

    private void garbageNoise() {
        int closed = 0;
        for (int i = 0; i < GARBAGE_CONNECTIONS; i++) {
            try (Socket socket = new Socket()) {
                socket.connect(target, 5_000);
                socket.setSoTimeout(200);
                PnetWriter out = new PnetWriter(socket.getOutputStream(), psk);
                out.write(multistreamLine("/multistream/1.0.0"));
                out.write(multistreamLine("/noise"));
                for (int frame = 0; frame < 4; frame++) {
                    out.write(new byte[] {(byte) 0xff, (byte) 0xff});
                    out.write(random(65535));
                }
                if (closedByPeer(socket, 10_000)) {
                    closed++;
                }
            } catch (IOException e) {
                closed++;
            }
        }
        report("garbage-noise", "closedByNode=" + closed + "/" + GARBAGE_CONNECTIONS);
    }

    /** A libp2p node of our own (same PSK), connected for real, then garbage inside yamux, pubsub and the DHT. */
    private void insideASession(String pskHex) throws Exception {
        Ed25519PrivKey key = Ed25519PrivKey.generate(RANDOM);
        P2PNode node = new P2PNode(NodeConfig.builder(key).psk(Psk.fromHex(pskHex)).build());
        try {
            node.start().get(30, TimeUnit.SECONDS);
            Multiaddr address = Multiaddr.parse("/ip4/" + target.getHostString() + "/tcp/" + target.getPort()
                    + "/p2p/" + peerId);
            PeerId remote = PeerId.parse(peerId);
            Map<String, byte[]> attacks = Map.of(
                    "/meshsub/1.1.0 oversized", concat(varint(Integer.MAX_VALUE), random(512)),
                    "/meshsub/1.1.0 garbage", concat(varint(4000), random(4000)),
                    "/teranode/kad/1.0.0 oversized", concat(varint(Integer.MAX_VALUE), random(512)),
                    "/teranode/kad/1.0.0 garbage", concat(varint(4000), random(4000)));
            for (Map.Entry<String, byte[]> attack : attacks.entrySet()) {
                String protocol = attack.getKey().split(" ")[0];
                String outcome;
                try {
                    node.connect(address).get(15, TimeUnit.SECONDS);
                    CompletableFuture<String> ended = new CompletableFuture<>();
                    Channel stream = node.newStream(remote, protocol, s -> s.pipeline().addLast(new EndWatcher(ended)))
                            .get(15, TimeUnit.SECONDS);
                    stream.writeAndFlush(Unpooled.wrappedBuffer(attack.getValue())).get(15, TimeUnit.SECONDS);
                    outcome = ended.completeOnTimeout("streamStillOpen", 10, TimeUnit.SECONDS).get();
                } catch (Exception refused) {
                    outcome = "refused(" + refused.getClass().getSimpleName() + ")";
                }
                report(attack.getKey().replace(' ', '-'), outcome);
            }
            report("yamux-garbage", yamuxGarbage(node, address, remote));
        } finally {
            node.close();
        }
    }

    /** Random bytes written below yamux, inside the Noise session: the node must see a broken yamux header. */
    private static String yamuxGarbage(P2PNode node, Multiaddr address, PeerId remote) {
        try {
            node.connect(address).get(15, TimeUnit.SECONDS);
            Channel stream = node.newStream(remote, "/ipfs/id/1.0.0").get(15, TimeUnit.SECONDS);
            Channel connection = stream.parent();
            if (connection == null) {
                return "skipped(no connection channel)";
            }
            ChannelHandlerContext yamux = null;
            for (Map.Entry<String, io.netty.channel.ChannelHandler> handler : connection.pipeline()) {
                if (handler.getValue().getClass().getSimpleName().startsWith("Yamux")) {
                    yamux = connection.pipeline().context(handler.getValue());
                    break;
                }
            }
            if (yamux == null) {
                return "skipped(no yamux handler in " + connection.pipeline().names() + ")";
            }
            ChannelHandlerContext below = yamux;
            connection.eventLoop().submit(() -> below.writeAndFlush(Unpooled.wrappedBuffer(random(2048)))).get();
            boolean closed = connection.closeFuture().await(15, TimeUnit.SECONDS);
            return closed ? "connectionClosedByNode" : "connectionStillOpen";
        } catch (Exception refused) {
            return "refused(" + refused.getClass().getSimpleName() + ")";
        }
    }

    /** Completes with how the node ended the stream: its FIN (input shut down) or the stream closed (reset). */
    private static final class EndWatcher extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<String> ended;

        EndWatcher(CompletableFuture<String> ended) {
            this.ended = ended;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent) {
                ended.complete("streamClosedByNode");
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            ended.complete("streamClosedByNode");
            ctx.fireChannelInactive();
        }
    }

    private static byte[] multistreamLine(String protocol) {
        byte[] text = (protocol + "\n").getBytes(StandardCharsets.UTF_8);
        return concat(varint(text.length), text);
    }

    private static byte[] varint(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket the node already reset
        }
    }

    /** The private-network layer as a dialer writes it: a random 24-byte nonce, then XSalsa20(PSK, nonce) of the data. */
    private static final class PnetWriter {
        private final OutputStream out;
        private final XSalsa20Engine cipher = new XSalsa20Engine();

        PnetWriter(OutputStream out, byte[] psk) throws IOException {
            this.out = out;
            byte[] nonce = random(24);
            cipher.init(true, new ParametersWithIV(new KeyParameter(psk), nonce));
            out.write(nonce);
        }

        void write(byte[] plain) throws IOException {
            byte[] sealed = new byte[plain.length];
            cipher.processBytes(plain, 0, plain.length, sealed, 0);
            out.write(sealed);
            out.flush();
        }
    }
}
