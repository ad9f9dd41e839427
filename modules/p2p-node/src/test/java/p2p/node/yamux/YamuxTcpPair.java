package p2p.node.yamux;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Two yamux sessions over a real TCP connection on 127.0.0.1: {@link #dialler} initiated it, {@link #listener} accepted. */
final class YamuxTcpPair implements AutoCloseable {
    static final long TIMEOUT_SECONDS = 30;

    final EventLoopGroup group;
    final Channel server;
    final YamuxSession dialler;
    final YamuxSession listener;

    private YamuxTcpPair(EventLoopGroup group, Channel server, YamuxSession dialler, YamuxSession listener) {
        this.group = group;
        this.server = server;
        this.dialler = dialler;
        this.listener = listener;
    }

    static YamuxTcpPair start(YamuxConfig diallerConfig, Consumer<Channel> diallerInbound,
                              YamuxConfig listenerConfig, Consumer<Channel> listenerInbound) throws Exception {
        EventLoopGroup group = new NioEventLoopGroup(2);
        try {
            CompletableFuture<YamuxSession> accepted = new CompletableFuture<>();
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            accepted.complete(YamuxSession.install(ch, false, listenerConfig, listenerInbound));
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            CompletableFuture<YamuxSession> dialled = new CompletableFuture<>();
            new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            dialled.complete(YamuxSession.install(ch, true, diallerConfig, diallerInbound));
                        }
                    })
                    .connect(server.localAddress()).sync();
            return new YamuxTcpPair(group, server,
                    dialled.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), accepted.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (Exception | Error e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    static YamuxTcpPair start(YamuxConfig config, Consumer<Channel> bothInbound) throws Exception {
        return start(config, bothInbound, config, bothInbound);
    }

    static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        dialler.parentChannel().close();
        listener.parentChannel().close();
        server.close();
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
