/**
 * libp2p keys and peer ids (libp2p/specs peer-ids/peer-ids.md): the key protobuf codec ({@link p2p.node.crypto.Keys}),
 * Ed25519 identity keys that sign, secp256k1 / ECDSA / RSA keys of remote peers that verify, {@link
 * p2p.node.crypto.PeerId} with its base58btc and CIDv1 text forms, and {@link p2p.node.crypto.NodeKeyStore}, where the
 * node's own identity is loaded from {@code p2p_private_key} or the data directory.
 */
package p2p.node.crypto;
