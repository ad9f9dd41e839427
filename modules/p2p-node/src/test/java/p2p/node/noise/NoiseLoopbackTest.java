package p2p.node.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.Keys;
import p2p.node.crypto.KeysTestVectors;
import p2p.node.crypto.PeerId;
import p2p.node.crypto.PrivKey;

/** Noise between two Netty NIO endpoints on 127.0.0.1: real sockets, real event loops, partial reads. */
class NoiseLoopbackTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final EventLoopGroup group = new NioEventLoopGroup(2);

    @AfterEach
    void stop() throws InterruptedException {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
    }

    /** Echoes every plaintext buffer back through Noise. */
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }
    }

    /** Collects plaintext until {@code expected} bytes arrived. */
    private static final class Collect extends ChannelInboundHandlerAdapter {
        final ByteBuf received = Unpooled.buffer();
        final CompletableFuture<byte[]> done = new CompletableFuture<>();
        final int expected;

        Collect(int expected) {
            this.expected = expected;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            received.writeBytes(buf);
            buf.release();
            if (received.readableBytes() >= expected) {
                byte[] out = new byte[received.readableBytes()];
                received.readBytes(out);
                received.release();
                done.complete(out);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            done.completeExceptionally(new IllegalStateException("closed after " + received.readableBytes()));
        }
    }

    private void roundTrip(PrivKey serverKey, PrivKey clientKey) throws Exception {
        CompletableFuture<SecureSession> serverSession = new CompletableFuture<>();
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        NoiseSecureChannel.install(ch, false, serverKey, Optional.empty()).whenComplete((s, e) -> {
                            if (e != null) {
                                serverSession.completeExceptionally(e);
                            } else {
                                ch.pipeline().addLast(new Echo());
                                serverSession.complete(s);
                            }
                        });
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        try {
            Channel client = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(server.localAddress()).sync().channel();
            PeerId serverId = PeerId.fromPublicKey(serverKey.publicKey());
            byte[] payload = new byte[300_000];
            RANDOM.nextBytes(payload);
            Collect collect = new Collect(payload.length);
            SecureSession session = NoiseSecureChannel.install(client, true, clientKey, Optional.of(serverId))
                    .thenApply(s -> {
                        client.pipeline().addLast(collect);
                        return s;
                    })
                    .get(10, TimeUnit.SECONDS);
            assertEquals(serverId, session.remotePeer());
            assertEquals(PeerId.fromPublicKey(clientKey.publicKey()),
                    serverSession.get(10, TimeUnit.SECONDS).remotePeer());
            client.writeAndFlush(Unpooled.wrappedBuffer(payload));
            assertArrayEquals(payload, collect.done.get(10, TimeUnit.SECONDS));
            client.close().sync();
        } finally {
            server.close().sync();
        }
    }

    @Test
    void ed25519PeersHandshakeAndEchoALargeMessageOverTcp() throws Exception {
        roundTrip(Ed25519PrivKey.generate(RANDOM), Ed25519PrivKey.generate(RANDOM));
    }

    @Test
    void secp256k1IdentityIsVerified() throws Exception {
        roundTrip(specKey("secp256k1"), Ed25519PrivKey.generate(RANDOM));
    }

    @Test
    void ecdsaIdentityIsVerified() throws Exception {
        roundTrip(specKey("ecdsa"), Ed25519PrivKey.generate(RANDOM));
    }

    @Test
    void rsaIdentityIsVerified() throws Exception {
        roundTrip(Ed25519PrivKey.generate(RANDOM), specKey("rsa"));
    }

    private static PrivKey specKey(String type) {
        return Keys.unmarshalPrivateKey(KeysTestVectors.bytes(type + ".private"));
    }
}
