package p2p.node.transport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import p2p.node.host.ConnectionGater;
import p2p.node.host.ConnectionLimits;
import p2p.node.host.Direction;

class TcpTransportTest {
    private static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    private TcpTransport server;
    private TcpTransport client;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
        if (client != null) {
            client.close();
        }
    }

    /** Installs a handler that echoes every byte back, then turns reading on as the contract asks. */
    private static void echo(Channel ch, Direction direction) {
        ch.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                ctx.writeAndFlush(msg.retain());
            }
        });
        ch.config().setAutoRead(true);
    }

    @Test
    void dialledConnectionReachesBothHandlersAndCarriesBytes() throws Exception {
        LinkedBlockingQueue<Direction> serverSides = new LinkedBlockingQueue<>();
        server = new TcpTransport(ConnectionLimits.DEFAULT, ConnectionGater.ALLOW_ALL, (ch, dir) -> {
            serverSides.add(dir);
            echo(ch, dir);
        }, 1);
        CompletableFuture<String> reply = new CompletableFuture<>();
        client = new TcpTransport(ConnectionLimits.DEFAULT, ConnectionGater.ALLOW_ALL, (ch, dir) -> {
            ch.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                    reply.complete(msg.toString(StandardCharsets.UTF_8));
                }
            });
            ch.config().setAutoRead(true);
            ch.writeAndFlush(Unpooled.copiedBuffer("hello", StandardCharsets.UTF_8));
        }, 1);
        InetSocketAddress bound = server.listen(LOOPBACK_ANY_PORT).get(5, TimeUnit.SECONDS);
        assertTrue(bound.getPort() > 0);
        assertEquals(java.util.List.of(bound), server.boundAddresses());

        Channel ch = client.dial(bound).get(5, TimeUnit.SECONDS);
        assertEquals("hello", reply.get(5, TimeUnit.SECONDS));
        assertEquals(Direction.INBOUND, serverSides.poll(5, TimeUnit.SECONDS));
        TrafficCounter traffic = ch.pipeline().get(TrafficCounter.class);
        assertEquals(5, traffic.bytesOut());
        assertEquals(5, traffic.bytesIn());
    }

    @Test
    void gaterRefusingAnAddressClosesTheSocketBeforeTheHandlerSeesIt() throws Exception {
        AtomicInteger handedOver = new AtomicInteger();
        server = new TcpTransport(ConnectionLimits.DEFAULT, remote -> false,
                (ch, dir) -> handedOver.incrementAndGet(), 1);
        client = new TcpTransport(ConnectionLimits.DEFAULT, ConnectionGater.ALLOW_ALL, TcpTransportTest::echo, 1);
        InetSocketAddress bound = server.listen(LOOPBACK_ANY_PORT).get(5, TimeUnit.SECONDS);

        Channel ch = client.dial(bound).get(5, TimeUnit.SECONDS);
        assertTrue(ch.closeFuture().await(5, TimeUnit.SECONDS), "refused socket must be closed by the server");
        assertEquals(0, handedOver.get());
        assertEquals(1, server.stats().gatedInbound());
        assertEquals(0, server.stats().open());
    }

    @Test
    void perIpLimitClosesTheConnectionOverTheCapAndKeepsTheFirst() throws Exception {
        server = new TcpTransport(new ConnectionLimits(10, 1, Duration.ofSeconds(10)), ConnectionGater.ALLOW_ALL,
                TcpTransportTest::echo, 1);
        client = new TcpTransport(ConnectionLimits.DEFAULT, ConnectionGater.ALLOW_ALL, TcpTransportTest::echo, 1);
        InetSocketAddress bound = server.listen(LOOPBACK_ANY_PORT).get(5, TimeUnit.SECONDS);

        Channel first = client.dial(bound).get(5, TimeUnit.SECONDS);
        Channel second = client.dial(bound).get(5, TimeUnit.SECONDS);
        assertTrue(second.closeFuture().await(5, TimeUnit.SECONDS), "connection over maxPerIp must be closed");
        assertEquals(1, server.stats().limitedInbound());
        assertTrue(first.isActive());
        assertEquals(1, server.stats().open());
    }

    @Test
    void outboundDialToGatedAddressFailsWithoutConnecting() throws Exception {
        server = new TcpTransport(ConnectionLimits.DEFAULT, ConnectionGater.ALLOW_ALL, TcpTransportTest::echo, 1);
        InetSocketAddress bound = server.listen(LOOPBACK_ANY_PORT).get(5, TimeUnit.SECONDS);
        client = new TcpTransport(ConnectionLimits.DEFAULT, remote -> !remote.equals(bound), TcpTransportTest::echo, 1);

        ExecutionException e = assertThrows(ExecutionException.class, () -> client.dial(bound).get(5, TimeUnit.SECONDS));
        assertInstanceOf(ConnectionRefusedException.class, e.getCause());
        assertEquals(1, client.stats().gatedOutbound());
        assertEquals(0, server.stats().open());
    }

    @Test
    void dialOverTotalLimitFails() throws Exception {
        server = new TcpTransport(ConnectionLimits.DEFAULT, ConnectionGater.ALLOW_ALL, TcpTransportTest::echo, 1);
        client = new TcpTransport(new ConnectionLimits(1, 1, Duration.ofSeconds(1)), ConnectionGater.ALLOW_ALL,
                TcpTransportTest::echo, 1);
        InetSocketAddress bound = server.listen(LOOPBACK_ANY_PORT).get(5, TimeUnit.SECONDS);
        Channel first = client.dial(bound).get(5, TimeUnit.SECONDS);

        ExecutionException e = assertThrows(ExecutionException.class, () -> client.dial(bound).get(5, TimeUnit.SECONDS));
        assertInstanceOf(ConnectionRefusedException.class, e.getCause());
        assertEquals(1, client.stats().limitedOutbound());

        first.close().sync();
        // The slot comes back when the channel closes: a new dial succeeds.
        client.dial(bound).get(5, TimeUnit.SECONDS);
    }
}
