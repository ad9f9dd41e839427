package p2p.app.wiring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Logger;
import p2p.chain.BlockchainClient;
import p2p.chain.ChainException;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.KeyFormatException;
import p2p.node.crypto.Keys;
import p2p.node.crypto.NodeKeyStore;
import p2p.node.crypto.PeerId;
import p2p.node.crypto.PrivKey;

/**
 * Where the node's identity comes from, so that a node put in place of Teranode's P2P service keeps its peer id
 * (spec section 2.2). In order:
 *
 * <ol>
 *   <li>{@code p2p_private_key} (hex of the 64-byte raw key or the 96-byte legacy form);</li>
 *   <li>the key file {@code <p2p_data_dir>/p2p.key};</li>
 *   <li>the blockchain service's state {@code GetState("p2p.privateKey")}, where Teranode's P2P service keeps its
 *       key: the libp2p protobuf-marshalled key (type Ed25519, then the 64 raw bytes; 68 bytes in all). It is then
 *       written to the key file too;</li>
 *   <li>a new key, written to the key file and stored with {@code SetState("p2p.privateKey", ...)} in the same form,
 *       so this node and the blockchain service agree, as Teranode does. A failing SetState stops start-up.</li>
 * </ol>
 *
 * <p>Unlike Teranode, which generates a new identity when the read fails for any reason (spec 14.2 #20), only a
 * missing value leads to a new key: an unreachable service or a stored value that is not an Ed25519 key stops
 * start-up with an error naming it, rather than silently changing the peer id.
 */
public final class NodeIdentity {
    private static final Logger LOG = Logger.getLogger(NodeIdentity.class.getName());
    /** The blockchain state key Teranode keeps the P2P key under. */
    public static final String STATE_KEY = "p2p.privateKey";

    private NodeIdentity() {
    }

    /**
     * The identity key, from the first of the sources above that has one.
     *
     * @throws IllegalStateException naming the source when a stored key is unusable or the service fails
     */
    public static Ed25519PrivKey resolve(Optional<String> configuredHex, Path dataDir, BlockchainClient chain) {
        if (configuredHex.isPresent() && !configuredHex.get().isBlank()) {
            return NodeKeyStore.decode(configuredHex.get(), NodeKeyStore.SETTING);
        }
        if (Files.exists(dataDir.resolve(NodeKeyStore.KEY_FILE))) {
            return NodeKeyStore.loadOrCreate(Optional.empty(), dataDir);
        }
        Optional<byte[]> stored;
        try {
            stored = chain.getState(STATE_KEY);
        } catch (ChainException e) {
            throw new IllegalStateException("no p2p_private_key and no " + dataDir.resolve(NodeKeyStore.KEY_FILE)
                    + ", and the blockchain service's " + STATE_KEY + " cannot be read (not generating a new identity"
                    + " on a failed read): " + e.getMessage(), e);
        }
        if (stored.isPresent()) {
            Ed25519PrivKey key = decodeState(stored.get());
            NodeKeyStore.store(key, dataDir);
            LOG.info(() -> "node key read from the blockchain service's " + STATE_KEY + " (peer "
                    + PeerId.fromPublicKey(key.publicKey()) + "), kept in " + dataDir.resolve(NodeKeyStore.KEY_FILE));
            return key;
        }
        Ed25519PrivKey key = NodeKeyStore.loadOrCreate(Optional.empty(), dataDir);
        try {
            chain.setState(STATE_KEY, key.marshal());
        } catch (ChainException e) {
            throw new IllegalStateException("a new node key was generated but storing it with SetState(" + STATE_KEY
                    + ") on the blockchain service failed: " + e.getMessage(), e);
        }
        LOG.info(() -> "new node key " + PeerId.fromPublicKey(key.publicKey()) + " written to "
                + dataDir.resolve(NodeKeyStore.KEY_FILE) + " and to the blockchain service's " + STATE_KEY);
        return key;
    }

    /** The protobuf-marshalled libp2p private key, which must be Ed25519. */
    static Ed25519PrivKey decodeState(byte[] stored) {
        PrivKey key;
        try {
            key = Keys.unmarshalPrivateKey(stored);
        } catch (KeyFormatException e) {
            throw new IllegalStateException("the blockchain service's " + STATE_KEY + " (" + stored.length
                    + " bytes) is not a libp2p private key: " + e.getMessage(), e);
        }
        if (!(key instanceof Ed25519PrivKey ed25519)) {
            throw new IllegalStateException("the blockchain service's " + STATE_KEY + " is a " + key.type()
                    + " key; Teranode's P2P identity is Ed25519");
        }
        return ed25519;
    }
}
