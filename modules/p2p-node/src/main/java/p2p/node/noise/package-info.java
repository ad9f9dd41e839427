/**
 * libp2p Noise ({@code /noise}, libp2p/specs noise/README.md): the Noise_XX_25519_ChaChaPoly_SHA256 state machine
 * (cipher, symmetric and handshake states, package-private and tested on the cacophony vectors), the libp2p
 * handshake payload that binds the Noise static key to the peer's identity key, and the Netty layer installed by
 * {@link p2p.node.noise.NoiseSecureChannel#install}, which yields a {@link p2p.node.noise.SecureSession}.
 */
package p2p.node.noise;
