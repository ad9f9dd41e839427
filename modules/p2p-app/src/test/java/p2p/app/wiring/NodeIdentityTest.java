package p2p.app.wiring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2p.chain.GrpcBlockchainClient;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.NodeKeyStore;
import p2p.testkit.chain.FakeBlockchainService;

/**
 * Identity continuity with Teranode (spec section 2.2), against a blockchain service on loopback gRPC that answers
 * GetState and SetState as Teranode's does.
 */
class NodeIdentityTest {
    @TempDir
    Path dataDir;

    private final FakeBlockchainService service = new FakeBlockchainService();
    private GrpcBlockchainClient chain;

    @BeforeEach
    void start() throws Exception {
        service.start(0);
        chain = new GrpcBlockchainClient(service.address());
    }

    @AfterEach
    void stop() throws Exception {
        chain.close();
        service.stop();
    }

    private static Ed25519PrivKey newKey() {
        return Ed25519PrivKey.generate(new SecureRandom());
    }

    @Test
    void theKeyTeranodeKeepsInTheBlockchainStateIsUsedAndKeptInTheKeyFile() throws Exception {
        Ed25519PrivKey teranodes = newKey();
        byte[] marshalled = teranodes.marshal();
        assertEquals(68, marshalled.length, "type Ed25519 and 64 raw bytes, protobuf-framed");
        assertArrayEquals(new byte[] {0x08, 0x01, 0x12, 0x40}, Arrays.copyOf(marshalled, 4));
        service.putState(NodeIdentity.STATE_KEY, marshalled);

        Ed25519PrivKey key = NodeIdentity.resolve(Optional.empty(), dataDir, chain);
        assertArrayEquals(teranodes.raw(), key.raw());
        assertEquals(HexFormat.of().formatHex(teranodes.raw()),
                Files.readString(dataDir.resolve(NodeKeyStore.KEY_FILE)), "kept in our key file too");
        assertArrayEquals(marshalled, service.state(NodeIdentity.STATE_KEY).orElseThrow(), "the state is unchanged");
    }

    @Test
    void aNewKeyIsWrittenToTheKeyFileAndTheBlockchainStateSoBothAgree() {
        Ed25519PrivKey key = NodeIdentity.resolve(Optional.empty(), dataDir, chain);
        assertArrayEquals(key.marshal(), service.state(NodeIdentity.STATE_KEY).orElseThrow());
        assertTrue(Files.exists(dataDir.resolve(NodeKeyStore.KEY_FILE)));
        assertArrayEquals(key.raw(), NodeIdentity.resolve(Optional.empty(), dataDir, chain).raw(), "restart keeps it");
    }

    @Test
    void theKeyFileComesBeforeTheStateAndTheSettingBeforeBoth() {
        Ed25519PrivKey inFile = newKey();
        NodeKeyStore.store(inFile, dataDir);
        service.putState(NodeIdentity.STATE_KEY, newKey().marshal());
        assertArrayEquals(inFile.raw(), NodeIdentity.resolve(Optional.empty(), dataDir, chain).raw());

        Ed25519PrivKey configured = newKey();
        String hex = HexFormat.of().formatHex(configured.raw());
        assertArrayEquals(configured.raw(), NodeIdentity.resolve(Optional.of(hex), dataDir, chain).raw());
        String legacy = hex + hex.substring(64);
        assertArrayEquals(configured.raw(), NodeIdentity.resolve(Optional.of(legacy), dataDir, chain).raw(),
                "the 96-byte form Teranode's decoder also takes");
    }

    @Test
    void aFailedReadStopsStartUpInsteadOfChangingTheIdentity() {
        service.failGetState(Status.UNAVAILABLE.withDescription("blockchain restarting"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NodeIdentity.resolve(Optional.empty(), dataDir, chain));
        assertTrue(e.getMessage().contains("p2p.privateKey cannot be read"), e.getMessage());
        assertFalse(Files.exists(dataDir.resolve(NodeKeyStore.KEY_FILE)), "no identity was invented");
        assertTrue(service.state(NodeIdentity.STATE_KEY).isEmpty());
    }

    @Test
    void malformedStoredKeysAreRefusedNamingTheStateKey() {
        byte[][] bad = {
            {1, 2, 3},                                             // not a protobuf key
            Arrays.copyOf(newKey().marshal(), 40),                 // truncated
            {0x08, 0x02, 0x12, 0x01, 0x00},                        // a secp256k1 key with bad data
            new byte[0x2000 + 1],                                  // over the size bound
        };
        for (byte[] stored : bad) {
            service.putState(NodeIdentity.STATE_KEY, stored);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> NodeIdentity.resolve(Optional.empty(), dataDir, chain));
            assertTrue(e.getMessage().contains("p2p.privateKey"), e.getMessage());
            assertFalse(Files.exists(dataDir.resolve(NodeKeyStore.KEY_FILE)));
        }
        Ed25519PrivKey valid = newKey();
        byte[] mismatched = valid.marshal();
        mismatched[mismatched.length - 1] ^= 1; // public half not derived from the seed
        service.putState(NodeIdentity.STATE_KEY, mismatched);
        assertThrows(IllegalStateException.class, () -> NodeIdentity.resolve(Optional.empty(), dataDir, chain));
    }
}
