package p2p.node.noise;

import io.netty.channel.Channel;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import p2p.node.crypto.PeerId;
import p2p.node.crypto.PrivKey;

/**
 * Secures a connection with libp2p Noise ({@code /noise}, libp2p/specs noise/README.md) once multistream-select
 * has agreed on it.
 *
 * <p>{@link #install} appends two handlers at the tail of the pipeline (after whatever is there, e.g. the pnet
 * layer): {@value #DECODER_NAME} (2-byte length framing) and {@value #HANDLER_NAME} (handshake, then encryption).
 * Handlers added after them see plaintext {@code ByteBuf}s both ways.
 *
 * <p>The returned future completes on the channel's event loop, inside the read that finished the handshake. To
 * receive bytes the peer sent right behind its last handshake message, add the next layer either before the
 * handshake completes (nothing reaches it until then) or in a continuation registered without {@code *Async}
 * ({@code thenAccept}, {@code whenComplete}), which runs before the rest of that read is delivered. Writes made
 * before completion are held and encrypted afterwards. On failure the channel is closed and the future fails with
 * a {@link NoiseHandshakeException} ({@link PeerIdMismatchException} when the remote is not {@code expectedRemote}).
 * The handshake has no timer of its own: the caller bounds it (e.g. an idle-state handler on the connection).
 */
public final class NoiseSecureChannel {
    /** The multistream-select protocol id of this layer. */
    public static final String PROTOCOL_ID = "/noise";
    public static final String DECODER_NAME = "noise-frame-decoder";
    public static final String HANDLER_NAME = "noise";

    private static final SecureRandom RANDOM = new SecureRandom();

    private NoiseSecureChannel() {
    }

    /**
     * Adds the Noise layer to {@code channel} and starts the handshake (at once when {@code initiator} and the
     * channel is active). Safe to call from any thread.
     *
     * @param identity the local identity key that signs the Noise static key (the node's Ed25519 key)
     * @param expectedRemote the peer id the remote must prove (known when dialling {@code /p2p/<id>})
     */
    public static CompletableFuture<SecureSession> install(Channel channel, boolean initiator, PrivKey identity,
            Optional<PeerId> expectedRemote) {
        CompletableFuture<SecureSession> result = new CompletableFuture<>();
        NoiseHandshake handshake = new NoiseHandshake(initiator, identity, expectedRemote, RANDOM);
        Runnable add = () -> {
            if (!channel.isOpen()) {
                result.completeExceptionally(new NoiseHandshakeException("channel closed before the Noise handshake"));
                return;
            }
            channel.pipeline().addLast(DECODER_NAME, new NoiseFrameDecoder());
            channel.pipeline().addLast(HANDLER_NAME, new NoiseSecureHandler(initiator, handshake, result));
        };
        if (channel.eventLoop().inEventLoop()) {
            add.run();
        } else {
            channel.eventLoop().execute(add);
        }
        return result;
    }
}
