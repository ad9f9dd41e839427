package p2p.node.noise;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * An X25519 key pair (Noise "25519" DH functions, RFC 7748): the static and ephemeral keys of a handshake. The
 * static key is made per session, as the libp2p Noise spec allows; it is authenticated by the identity key.
 */
final class NoiseKeyPair {
    static final int KEY_LENGTH = 32;

    private final X25519PrivateKeyParameters privateKey;
    private final byte[] publicKey;

    private NoiseKeyPair(X25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
        this.publicKey = privateKey.generatePublicKey().getEncoded();
    }

    static NoiseKeyPair generate(SecureRandom random) {
        return new NoiseKeyPair(new X25519PrivateKeyParameters(random));
    }

    /** A key pair from a fixed 32-byte private key (test vectors). */
    static NoiseKeyPair fromPrivate(byte[] privateKey) {
        if (privateKey.length != KEY_LENGTH) {
            throw new IllegalArgumentException("X25519 private key must be 32 bytes, got " + privateKey.length);
        }
        return new NoiseKeyPair(new X25519PrivateKeyParameters(privateKey, 0));
    }

    byte[] publicKey() {
        return publicKey.clone();
    }

    /**
     * DH(this, remote). A low-order remote point (all-zero shared secret) is refused, as the Noise spec allows.
     *
     * @throws NoiseHandshakeException for such a point
     */
    byte[] dh(byte[] remotePublic) {
        byte[] out = new byte[KEY_LENGTH];
        try {
            privateKey.generateSecret(new X25519PublicKeyParameters(remotePublic, 0), out, 0);
        } catch (IllegalStateException e) {
            throw new NoiseHandshakeException("remote X25519 key is a low-order point", e);
        }
        return out;
    }
}
