package p2p.node.noise;

import java.util.Arrays;

/**
 * The Noise {@code HandshakeState} (Noise spec section 5.3) for the one pattern libp2p uses,
 * {@code Noise_XX_25519_ChaChaPoly_SHA256}:
 * <pre>
 *   -> e
 *   <- e, ee, s, es
 *   -> s, se
 * </pre>
 * Pure state machine over byte arrays (no I/O): each side alternately calls {@link #writeMessage} and
 * {@link #readMessage}; after the third message {@link #split()} gives the transport ciphers. Messages out of turn
 * or malformed fail with {@link NoiseHandshakeException}.
 */
final class NoiseHandshakeState {
    static final String PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";
    static final int MESSAGE_COUNT = 3;
    private static final int DH_LEN = NoiseKeyPair.KEY_LENGTH;
    private static final int TAG = NoiseCipherState.TAG_LENGTH;

    private final boolean initiator;
    private final NoiseSymmetricState symmetric = new NoiseSymmetricState(PROTOCOL_NAME);
    private final NoiseKeyPair s;
    private final NoiseKeyPair e;
    private byte[] rs;
    private byte[] re;
    /** Index of the next message of the pattern, 0..3; 3 means done. */
    private int step;

    /**
     * @param staticKey the local static key s
     * @param ephemeralKey the local ephemeral key e (fresh per handshake; fixed only in test vectors)
     */
    NoiseHandshakeState(boolean initiator, byte[] prologue, NoiseKeyPair staticKey, NoiseKeyPair ephemeralKey) {
        this.initiator = initiator;
        this.s = staticKey;
        this.e = ephemeralKey;
        symmetric.mixHash(prologue);
    }

    /** Whether the next message is ours to write. */
    boolean isMyTurn() {
        return step < MESSAGE_COUNT && (step % 2 == 0) == initiator;
    }

    boolean isComplete() {
        return step == MESSAGE_COUNT;
    }

    /** The remote static public key, once received (message 2 for the initiator, 3 for the responder). */
    byte[] remoteStaticKey() {
        return rs == null ? null : rs.clone();
    }

    byte[] localStaticKey() {
        return s.publicKey();
    }

    byte[] handshakeHash() {
        return symmetric.handshakeHash();
    }

    byte[] writeMessage(byte[] payload) {
        if (!isMyTurn()) {
            throw new IllegalStateException("Noise XX message " + (step + 1) + " is not ours to write");
        }
        byte[] out;
        switch (step) {
            case 0 -> { // -> e
                byte[] ePub = e.publicKey();
                symmetric.mixHash(ePub);
                out = concat(ePub, symmetric.encryptAndHash(payload));
            }
            case 1 -> { // <- e, ee, s, es
                byte[] ePub = e.publicKey();
                symmetric.mixHash(ePub);
                symmetric.mixKey(e.dh(re));
                byte[] encryptedStatic = symmetric.encryptAndHash(s.publicKey());
                symmetric.mixKey(s.dh(re));
                out = concat(ePub, encryptedStatic, symmetric.encryptAndHash(payload));
            }
            default -> { // -> s, se
                byte[] encryptedStatic = symmetric.encryptAndHash(s.publicKey());
                symmetric.mixKey(s.dh(re));
                out = concat(encryptedStatic, symmetric.encryptAndHash(payload));
            }
        }
        step++;
        return out;
    }

    /** Reads the remote's next message and returns its decrypted payload. */
    byte[] readMessage(byte[] message) {
        if (step >= MESSAGE_COUNT || isMyTurn()) {
            throw new NoiseHandshakeException("unexpected Noise handshake message " + (step + 1));
        }
        int minimum = switch (step) {
            case 0 -> DH_LEN;
            case 1 -> DH_LEN + DH_LEN + TAG + TAG;
            default -> DH_LEN + TAG + TAG;
        };
        if (message.length < minimum) {
            throw new NoiseHandshakeException("Noise handshake message " + (step + 1) + " has " + message.length
                    + " bytes, at least " + minimum + " expected");
        }
        byte[] payload;
        switch (step) {
            case 0 -> { // -> e
                re = Arrays.copyOf(message, DH_LEN);
                symmetric.mixHash(re);
                payload = symmetric.decryptAndHash(Arrays.copyOfRange(message, DH_LEN, message.length));
            }
            case 1 -> { // <- e, ee, s, es
                re = Arrays.copyOf(message, DH_LEN);
                symmetric.mixHash(re);
                symmetric.mixKey(e.dh(re));
                rs = symmetric.decryptAndHash(Arrays.copyOfRange(message, DH_LEN, DH_LEN + DH_LEN + TAG));
                symmetric.mixKey(e.dh(rs));
                payload = symmetric.decryptAndHash(Arrays.copyOfRange(message, DH_LEN + DH_LEN + TAG, message.length));
            }
            default -> { // -> s, se
                rs = symmetric.decryptAndHash(Arrays.copyOf(message, DH_LEN + TAG));
                symmetric.mixKey(e.dh(rs));
                payload = symmetric.decryptAndHash(Arrays.copyOfRange(message, DH_LEN + TAG, message.length));
            }
        }
        step++;
        return payload;
    }

    /** The transport ciphers as [send, receive] for this side. */
    NoiseCipherState[] split() {
        if (!isComplete()) {
            throw new IllegalStateException("Noise handshake is not complete");
        }
        NoiseCipherState[] c = symmetric.split();
        return initiator ? new NoiseCipherState[] {c[0], c[1]} : new NoiseCipherState[] {c[1], c[0]};
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int offset = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, offset, p.length);
            offset += p.length;
        }
        return out;
    }
}
