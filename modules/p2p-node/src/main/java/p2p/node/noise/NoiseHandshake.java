package p2p.node.noise;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
import p2p.node.crypto.KeyFormatException;
import p2p.node.crypto.Keys;
import p2p.node.crypto.PeerId;
import p2p.node.crypto.PrivKey;
import p2p.node.crypto.PubKey;
import p2p.node.noise.pb.NoiseProto.NoiseHandshakePayload;

/**
 * libp2p's use of the XX handshake (libp2p/specs noise/README.md): message 2 (responder) and message 3 (initiator)
 * carry a {@code NoiseHandshakePayload} with the sender's identity key and its signature over
 * {@code "noise-libp2p-static-key:" || static Noise key}; the receiver verifies it, derives the remote
 * {@link PeerId} and, when one was expected, checks it. Extensions are ignored (none are sent). No I/O: feed it
 * the remote's messages, send what it returns.
 */
final class NoiseHandshake {
    static final byte[] SIGNATURE_PREFIX = "noise-libp2p-static-key:".getBytes(StandardCharsets.UTF_8);

    private final boolean initiator;
    private final PrivKey identity;
    private final Optional<PeerId> expectedRemote;
    private final NoiseHandshakeState state;
    private SecureSession session;

    NoiseHandshake(boolean initiator, PrivKey identity, Optional<PeerId> expectedRemote, SecureRandom random) {
        this(initiator, identity, expectedRemote, NoiseKeyPair.generate(random), NoiseKeyPair.generate(random));
    }

    NoiseHandshake(boolean initiator, PrivKey identity, Optional<PeerId> expectedRemote, NoiseKeyPair staticKey,
            NoiseKeyPair ephemeralKey) {
        this.initiator = initiator;
        this.identity = identity;
        this.expectedRemote = expectedRemote;
        this.state = new NoiseHandshakeState(initiator, new byte[0], staticKey, ephemeralKey);
    }

    /** The initiator's first message ({@code -> e}, empty payload). */
    byte[] start() {
        if (!initiator) {
            throw new IllegalStateException("only the initiator starts a Noise handshake");
        }
        return state.writeMessage(new byte[0]);
    }

    /**
     * Processes the remote's next handshake message.
     *
     * @return the message to send back, if any (message 2 for the responder, message 3 for the initiator)
     * @throws NoiseHandshakeException when the message or its payload is invalid
     * @throws PeerIdMismatchException when the remote is not the expected peer
     */
    Optional<byte[]> receive(byte[] message) {
        byte[] payload = state.readMessage(message);
        if (initiator) { // message 2: authenticate the responder, then answer with message 3
            PubKey remote = verify(payload);
            byte[] reply = state.writeMessage(localPayload());
            complete(remote);
            return Optional.of(reply);
        }
        if (!state.isComplete()) { // message 1: its payload must be ignored (no early data from the initiator)
            return Optional.of(state.writeMessage(localPayload()));
        }
        complete(verify(payload)); // message 3
        return Optional.empty();
    }

    boolean isComplete() {
        return session != null;
    }

    /** The authenticated session; valid once {@link #isComplete()}. */
    SecureSession session() {
        if (session == null) {
            throw new IllegalStateException("Noise handshake is not complete");
        }
        return session;
    }

    /** The transport ciphers [send, receive]; valid once {@link #isComplete()}. */
    NoiseCipherState[] transportCiphers() {
        return state.split();
    }

    private byte[] localPayload() {
        byte[] toSign = concat(SIGNATURE_PREFIX, state.localStaticKey());
        return NoiseHandshakePayload.newBuilder()
                .setIdentityKey(ByteString.copyFrom(identity.publicKey().marshal()))
                .setIdentitySig(ByteString.copyFrom(identity.sign(toSign)))
                .build()
                .toByteArray();
    }

    private PubKey verify(byte[] payloadBytes) {
        NoiseHandshakePayload payload;
        try {
            payload = NoiseHandshakePayload.parseFrom(payloadBytes);
        } catch (InvalidProtocolBufferException e) {
            throw new NoiseHandshakeException("Noise handshake payload is not a valid protobuf", e);
        }
        if (!payload.hasIdentityKey() || !payload.hasIdentitySig()) {
            throw new NoiseHandshakeException("Noise handshake payload lacks the identity key or signature");
        }
        PubKey remoteKey;
        try {
            remoteKey = Keys.unmarshalPublicKey(payload.getIdentityKey().toByteArray());
        } catch (KeyFormatException e) {
            throw new NoiseHandshakeException("Noise handshake payload carries an invalid identity key: "
                    + e.getMessage(), e);
        }
        byte[] signed = concat(SIGNATURE_PREFIX, state.remoteStaticKey());
        if (!remoteKey.verify(signed, payload.getIdentitySig().toByteArray())) {
            throw new NoiseHandshakeException("Noise handshake payload signature does not verify with the "
                    + remoteKey.type() + " identity key of " + PeerId.fromPublicKey(remoteKey));
        }
        PeerId remotePeer = PeerId.fromPublicKey(remoteKey);
        if (expectedRemote.isPresent() && !expectedRemote.get().equals(remotePeer)) {
            throw new PeerIdMismatchException(expectedRemote.get(), remotePeer);
        }
        return remoteKey;
    }

    private void complete(PubKey remoteKey) {
        session = new SecureSession(PeerId.fromPublicKey(identity.publicKey()), PeerId.fromPublicKey(remoteKey),
                remoteKey);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
