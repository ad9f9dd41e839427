package p2p.node.pnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.Psk;
import p2p.node.multistream.MultistreamException;
import p2p.node.multistream.MultistreamSelect;

/** pnet + multistream-select between two Java peers over real TCP sockets on 127.0.0.1. */
class PnetLoopbackTest {
    private static final Psk KEY = Psk.fromHex("285b49e6d910726a70f205086c39cbac6d8dcc47839053a21b1f614773bbc137");
    private static final Psk OTHER_KEY = Psk.fromHex("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    private static final long DEADLINE_SECONDS = 20;

    private EventLoopGroup group;
    private Channel server;
    private final CompletableFuture<String> serverProtocol = new CompletableFuture<>();

    @BeforeEach
    void startGroup() {
        group = new NioEventLoopGroup(2);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close().sync();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /** Server side: pnet, then respond to /noise, then echo everything back. */
    private InetSocketAddress startEchoServer(Psk psk) throws Exception {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new PnetHandler(psk));
                        MultistreamSelect.respond(ch, Set.of("/noise")).whenComplete((protocol, error) -> {
                            if (error != null) {
                                serverProtocol.completeExceptionally(error);
                                return;
                            }
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    ctx.writeAndFlush(msg);
                                }
                            });
                            serverProtocol.complete(protocol);
                        });
                    }
                })
                .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
        return (InetSocketAddress) server.localAddress();
    }

    private Channel connect(InetSocketAddress address, Psk psk, CompletableFuture<String> protocol,
            ByteArrayOutputStream received, int expected, CompletableFuture<byte[]> echoed) throws Exception {
        return new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new PnetHandler(psk));
                        MultistreamSelect.initiate(ch, List.of("/tls/1.0.0", "/noise")).whenComplete((p, error) -> {
                            if (error != null) {
                                protocol.completeExceptionally(error);
                                return;
                            }
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    ByteBuf buf = (ByteBuf) msg;
                                    received.writeBytes(ByteBufUtil.getBytes(buf));
                                    buf.release();
                                    if (received.size() >= expected) {
                                        echoed.complete(received.toByteArray());
                                    }
                                }
                            });
                            protocol.complete(p);
                        });
                    }
                })
                .connect(address).sync().channel();
    }

    @Test
    void sameKeyNegotiatesAndCarriesAMebibyteEachWay() throws Exception {
        InetSocketAddress address = startEchoServer(KEY);
        byte[] payload = new byte[1 << 20];
        new Random(1).nextBytes(payload);
        CompletableFuture<String> clientProtocol = new CompletableFuture<>();
        CompletableFuture<byte[]> echoed = new CompletableFuture<>();
        Channel client = connect(address, KEY, clientProtocol, new ByteArrayOutputStream(), payload.length, echoed);

        assertEquals("/noise", clientProtocol.get(DEADLINE_SECONDS, TimeUnit.SECONDS));
        assertEquals("/noise", serverProtocol.get(DEADLINE_SECONDS, TimeUnit.SECONDS));
        for (int at = 0; at < payload.length; at += 16384) {
            boolean direct = (at / 16384) % 2 == 0;
            ByteBuf piece = direct ? client.alloc().directBuffer(16384) : client.alloc().heapBuffer(16384);
            piece.writeBytes(payload, at, 16384);
            client.write(piece);
        }
        client.flush();
        assertArrayEquals(payload, echoed.get(DEADLINE_SECONDS, TimeUnit.SECONDS));
        client.close().sync();
    }

    @Test
    void differentKeysFailAtTheMultistreamHeaderAndCloseTheConnection() throws Exception {
        InetSocketAddress address = startEchoServer(KEY);
        CompletableFuture<String> clientProtocol = new CompletableFuture<>();
        Channel client = connect(address, OTHER_KEY, clientProtocol, new ByteArrayOutputStream(), 1, new CompletableFuture<>());

        ExecutionException serverError = assertThrows(ExecutionException.class,
                () -> serverProtocol.get(DEADLINE_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(MultistreamException.class, serverError.getCause());
        ExecutionException clientError = assertThrows(ExecutionException.class,
                () -> clientProtocol.get(DEADLINE_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(MultistreamException.class, clientError.getCause());
        client.closeFuture().await(DEADLINE_SECONDS, TimeUnit.SECONDS);
        assertEquals(false, client.isOpen());
    }
}
