package p2p.server.gen2026;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.server.gen2026.message.BlockMessage;
import p2p.server.gen2026.message.NodeStatusMessage;
import p2p.server.gen2026.message.RejectedTxMessage;
import p2p.server.gen2026.message.SubtreeMessage;

/** Spec teranode-2026 1.5's receive rules, one by one, and the size caps and display strings. */
class GossipFieldRulesTest {
    private static final String HASH = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f";
    private static final PeerId AUTHOR = PeerId.fromPublicKey(Ed25519PrivKey.generate(new SecureRandom()).publicKey());
    private static final String ME = AUTHOR.toBase58();
    private final GossipFieldRules strict = new GossipFieldRules(false);
    private final GossipFieldRules lenient = new GossipFieldRules(true);

    private static BlockMessage block(String peer, String url, String hash, String header) {
        return new BlockMessage(peer, "teranode", url, hash, 1, header, "");
    }

    private static NodeStatusMessage status(String baseUrl, String bestHash, String chainWork, String client) {
        return new NodeStatusMessage(ME, client, "node_status", baseUrl, "", "v1", "abc", bestHash, 5, 0, 0,
                "RUNNING", 1, 1.5, "miner", "full", chainWork, "", 0, "", 0, OptionalDouble.empty(),
                Optional.empty(), 0, "full");
    }

    private void refused(GossipFieldRules rules, BlockMessage m, String expected) {
        GossipViolation e = assertThrows(GossipViolation.class, () -> rules.check(m, AUTHOR));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void aValidBlockPasses() {
        assertDoesNotThrow(() -> strict.check(block(ME, "https://datahub.example/api/v1", HASH, "ab".repeat(80)),
                AUTHOR));
        assertDoesNotThrow(() -> strict.check(new SubtreeMessage(ME, "c", "http://93.184.216.34:8090", HASH), AUTHOR));
        assertDoesNotThrow(() -> strict.check(new RejectedTxMessage(ME, "c", HASH, "double spend"), AUTHOR));
        assertDoesNotThrow(() -> strict.check(status("", "", "", "teranode"), AUTHOR), "listen-only, at genesis");
    }

    @Test
    void thePayloadsPeerIdMustBeTheAuthor() {
        String other = PeerId.fromPublicKey(Ed25519PrivKey.generate(new SecureRandom()).publicKey()).toBase58();
        refused(strict, block(other, "https://a.example", HASH, ""), "peer ID spoofing");
        refused(strict, block("", "https://a.example", HASH, ""), "peer ID spoofing");
        refused(strict, block("x".repeat(129), "https://a.example", HASH, ""), "longer than 128");
        assertThrows(GossipViolation.class, () -> strict.check(new RejectedTxMessage(other, "c", HASH, "r"), AUTHOR));
    }

    @Test
    void hashesHeadersAndChainWorkAreBounded() {
        refused(strict, block(ME, "https://a.example", HASH.substring(1), ""), "64 hex digits");
        refused(strict, block(ME, "https://a.example", HASH.replace('f', 'g'), ""), "non-hex");
        refused(strict, block(ME, "https://a.example", HASH, "0".repeat(161)), "longer than 160");
        refused(strict, block(ME, "https://a.example", HASH, "zz"), "non-hex");
        assertDoesNotThrow(() -> strict.check(block(ME, "https://a.example", HASH.toUpperCase(), ""), AUTHOR));
        assertThrows(GossipViolation.class, () -> strict.check(status("", "", "0".repeat(65), "c"), AUTHOR));
        assertThrows(GossipViolation.class, () -> strict.check(status("", "abc", "", "c"), AUTHOR));
        assertThrows(GossipViolation.class, () -> strict.check(status("", "", "", "bad\u0007name"), AUTHOR));
        assertThrows(GossipViolation.class, () -> strict.check(status("", "", "", "bad\uFFFDutf8"), AUTHOR));
    }

    @Test
    void urlsMustBeHttpToAPublicHostUnlessPrivateIpsAreAllowed() {
        refused(strict, block(ME, "", HASH, ""), "empty");
        refused(strict, block(ME, "ftp://a.example/x", HASH, ""), "http or https");
        refused(strict, block(ME, "a.example:8090", HASH, ""), "http or https");
        refused(strict, block(ME, "http:///path", HASH, ""), "no host");
        refused(strict, block(ME, "https://a.example/" + "x".repeat(2048), HASH, ""), "longer than 2048");
        for (String local : new String[] {"http://127.0.0.1", "http://localhost:8090", "http://10.1.2.3",
                "http://172.16.0.1", "http://192.168.1.1", "http://169.254.169.254/latest", "http://100.64.0.1",
                "http://[::1]:80", "http://[fe80::1]", "http://[fd00::1]", "http://0.0.0.0"}) {
            refused(strict, block(ME, local, HASH, ""), "p2p_allow_private_ips");
            assertDoesNotThrow(() -> lenient.check(block(ME, local, HASH, ""), AUTHOR), local);
        }
        for (String public_ : new String[] {"http://172.32.0.1", "http://100.128.0.1", "http://8.8.8.8",
                "https://teranode.example:443/api/v1", "http://[2001:db8::1]", "http://10.example.com"}) {
            assertDoesNotThrow(() -> strict.check(block(ME, public_, HASH, ""), AUTHOR), public_);
        }
        assertThrows(GossipViolation.class, () -> strict.check(status("http://127.0.0.1", "", "", "c"), AUTHOR));
    }

    @Test
    void sizeCapsApplyBeforeParsing() {
        assertDoesNotThrow(() -> GossipLimits.check("block", GossipLimits.BLOCK, GossipLimits.BLOCK));
        assertThrows(GossipViolation.class, () -> GossipLimits.check("block", GossipLimits.BLOCK + 1,
                GossipLimits.BLOCK));
        assertThrows(GossipViolation.class, () -> GossipLimits.check("x", GossipLimits.ABSOLUTE + 1,
                Integer.MAX_VALUE));
        assertEquals(16 * 1024, GossipLimits.REJECTED_TX);
        assertEquals(64 * 1024, GossipLimits.NODE_STATUS);
        assertTrue(GossipLimits.envelopeCap(GossipLimits.BLOCK) > GossipLimits.BLOCK * 4 / 3);
    }

    @Test
    void displayStringsAreCutAndCleaned() {
        assertEquals("ab?d", Sanitise.display("ab\u0001d", 10));
        assertEquals("x".repeat(128), Sanitise.display("x".repeat(500), Sanitise.CLIENT_NAME));
        assertEquals("a", Sanitise.display("a\uD83D\uDE00", 2), "a surrogate pair is never cut in half");
        assertTrue(Sanitise.isPrintable("teranode <eu> é 😀"));
        assertFalse(Sanitise.isPrintable("a\u0085b"));
        assertFalse(Sanitise.isPrintable("a\uD83Db"));
    }

    @Test
    void listenModesSayWhatGoesOut() {
        assertTrue(ListenMode.FULL.announces() && ListenMode.FULL.publishesStatus());
        assertFalse(ListenMode.LISTEN_ONLY.announces());
        assertTrue(ListenMode.LISTEN_ONLY.publishesStatus());
        assertFalse(ListenMode.SILENT.announces() || ListenMode.SILENT.publishesStatus());
        assertEquals(ListenMode.LISTEN_ONLY, ListenMode.parse(" Listen_Only "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ListenMode.parse("loud"));
        assertTrue(e.getMessage().contains("listen_mode"));
    }

    @Test
    void topicsFollowTheTeranodePrefix() {
        Topics2026 topics = Topics2026.defaults("teratestnet");
        assertEquals("teranode/bitcoin/1.0.0/teratestnet-node_status", topics.nodeStatus());
        assertEquals("teranode/bitcoin/1.0.0/teratestnet-rejected_tx", topics.rejectedTx());
        assertThrows(IllegalArgumentException.class, () -> Topics2026.of("mainnet", "a", "a", "b", "c"));
    }
}
