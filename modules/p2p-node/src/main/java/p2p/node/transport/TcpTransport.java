package p2p.node.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import p2p.node.host.ConnectionGater;
import p2p.node.host.ConnectionLimits;
import p2p.node.host.Direction;
import p2p.node.host.TransportStats;

/**
 * Listens for and dials raw TCP connections on Netty NIO, applying the {@link ConnectionGater} and the
 * {@link ConnectionLimits} before a connection is used. Every connection gets a {@link TrafficCounter} first in its
 * pipeline and is handed to the {@link ConnectionHandler} once active, with auto-read still off: the handler installs
 * its handlers (pnet, multistream, ...) and then turns reading on, so no byte can arrive before someone handles it.
 */
public final class TcpTransport implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TcpTransport.class.getName());
    /** Pipeline name of the {@link TrafficCounter}; handlers added later go after it. */
    public static final String TRAFFIC_HANDLER = "traffic";

    /** Receives every connection that passed the gater and the limits. */
    @FunctionalInterface
    public interface ConnectionHandler {
        /**
         * Called on the channel's event loop once the connection is active. Auto-read is off; the handler must set it
         * on (or call {@code read()}) after installing its handlers.
         */
        void connectionOpened(Channel channel, Direction direction);
    }

    private final ConnectionGater gater;
    private final ConnectionCounter counter;
    private final ConnectionHandler handler;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    /** Every open channel, listening and connected, closed together by {@link #close()}. */
    private final ChannelGroup channels = new DefaultChannelGroup("tcp-transport", GlobalEventExecutor.INSTANCE);
    private final List<InetSocketAddress> bound = new CopyOnWriteArrayList<>();
    private final LongAdder gatedInbound = new LongAdder();
    private final LongAdder gatedOutbound = new LongAdder();
    private final LongAdder limitedInbound = new LongAdder();
    private final LongAdder limitedOutbound = new LongAdder();
    private final TrafficTotals traffic = new TrafficTotals();

    /**
     * @param ioThreads event-loop threads for connections (0 = Netty's default, twice the cores)
     */
    public TcpTransport(ConnectionLimits limits, ConnectionGater gater, ConnectionHandler handler, int ioThreads) {
        this.gater = Objects.requireNonNull(gater, "gater");
        this.counter = new ConnectionCounter(Objects.requireNonNull(limits, "limits"));
        this.handler = Objects.requireNonNull(handler, "handler");
        this.bossGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("p2p-accept", true));
        this.workerGroup = new NioEventLoopGroup(ioThreads, new DefaultThreadFactory("p2p-io", true));
    }

    /** The event loops that run connection I/O; timers of the upgrade run on them too. */
    public EventLoopGroup eventLoops() {
        return workerGroup;
    }

    /**
     * Binds a listening socket; completes with the bound address (the real port when {@code bind} has port 0). An IPv4
     * address gets an IPv4 socket, as go-libp2p listens "tcp4" for {@code /ip4/}: the JDK's default dual-stack socket
     * would take {@code 0.0.0.0} as {@code ::}, report that as the bound address, and identify would then advertise
     * IPv6 addresses only.
     */
    public CompletableFuture<InetSocketAddress> listen(InetSocketAddress bind) {
        boolean ipv4 = bind.getAddress() instanceof Inet4Address;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channelFactory(() -> ipv4
                        ? new NioServerSocketChannel(SelectorProvider.provider(), InternetProtocolFamily.IPv4)
                        : new NioServerSocketChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        acceptInbound(ch);
                    }
                });
        CompletableFuture<InetSocketAddress> result = new CompletableFuture<>();
        bootstrap.bind(bind).addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                channels.add(f.channel());
                InetSocketAddress local = (InetSocketAddress) f.channel().localAddress();
                bound.add(local);
                f.channel().closeFuture().addListener(c -> bound.remove(local));
                result.complete(local);
            } else {
                result.completeExceptionally(f.cause());
            }
        });
        return result;
    }

    /** Runs at registration of an accepted socket, before any read: the gater and the limits decide. */
    private void acceptInbound(SocketChannel ch) {
        InetSocketAddress remote = ch.remoteAddress();
        if (!gater.allowInbound(remote)) {
            gatedInbound.increment();
            LOG.fine(() -> "inbound connection from " + remote + " refused by the connection gater");
            ch.close();
            return;
        }
        if (!counter.tryAcquire(remote.getAddress())) {
            limitedInbound.increment();
            LOG.fine(() -> "inbound connection from " + remote + " refused: connection limit reached");
            ch.close();
            return;
        }
        ch.closeFuture().addListener(f -> counter.release(remote.getAddress()));
        prepare(ch, Direction.INBOUND, handler);
    }

    /** Dials {@code remote} and hands the connection to the transport's handler. */
    public CompletableFuture<Channel> dial(InetSocketAddress remote) {
        return dial(remote, handler);
    }

    /**
     * Dials {@code remote} and hands the connection to {@code dialHandler} (instead of the transport's handler), so a
     * caller can tie the upgrade to its own dial. Completes with the connected channel once the handler has it.
     */
    public CompletableFuture<Channel> dial(InetSocketAddress remote, ConnectionHandler dialHandler) {
        CompletableFuture<Channel> result = new CompletableFuture<>();
        if (remote.isUnresolved()) {
            result.completeExceptionally(new ConnectionRefusedException("cannot dial unresolved address " + remote));
            return result;
        }
        if (!gater.allowOutbound(remote)) {
            gatedOutbound.increment();
            result.completeExceptionally(new ConnectionRefusedException("dial to " + remote + " refused by the connection gater"));
            return result;
        }
        if (!counter.tryAcquire(remote.getAddress())) {
            limitedOutbound.increment();
            result.completeExceptionally(new ConnectionRefusedException("dial to " + remote
                    + " refused: connection limit reached (maxConnections or maxPerIp)"));
            return result;
        }
        Bootstrap bootstrap = new Bootstrap()
                .group(workerGroup)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.AUTO_READ, false)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.closeFuture().addListener(f -> counter.release(remote.getAddress()));
                        prepare(ch, Direction.OUTBOUND, dialHandler);
                    }
                });
        ChannelFuture connect = bootstrap.connect(remote);
        connect.addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                result.complete(f.channel());
            } else {
                result.completeExceptionally(f.cause());
            }
        });
        return result;
    }

    private void prepare(SocketChannel ch, Direction direction, ConnectionHandler target) {
        channels.add(ch);
        ch.pipeline().addLast(TRAFFIC_HANDLER, new TrafficCounter(traffic));
        ch.pipeline().addLast("hand-over", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                ctx.pipeline().remove(this);
                try {
                    target.connectionOpened(ctx.channel(), direction);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "connection handler failed for " + ctx.channel().remoteAddress(), e);
                    ctx.close();
                }
                ctx.fireChannelActive();
            }
        });
    }

    /** Addresses of the listening sockets now bound. */
    public List<InetSocketAddress> boundAddresses() {
        return List.copyOf(bound);
    }

    /** Bytes every connection of this transport carried, closed ones included. */
    public TrafficTotals traffic() {
        return traffic;
    }

    public TransportStats stats() {
        return new TransportStats(gatedInbound.sum(), gatedOutbound.sum(), limitedInbound.sum(),
                limitedOutbound.sum(), counter.open());
    }

    /** Closes every listening socket and connection and stops the event loops. */
    @Override
    public void close() {
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
