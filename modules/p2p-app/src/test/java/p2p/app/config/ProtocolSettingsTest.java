package p2p.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code p2p_protocol} and the Teranode 2026 settings (spec teranode-2026.md 1.6): defaults, values, errors. */
class ProtocolSettingsTest {
    private static Settings load(Map<String, String> env) {
        return SettingsLoader.load(List.of(), env);
    }

    private static String failure(Map<String, String> env) {
        return assertThrows(SettingsException.class, () -> load(env)).getMessage();
    }

    @Test
    void defaultsKeepTheSpecsGeneration() {
        Settings.Protocol p = load(Map.of()).protocol();
        assertEquals("teranode-2025", p.generation());
        assertEquals(List.of(), p.bootstrapPeers());
        assertEquals("off", p.dhtMode());
        assertFalse(p.allowPrivateIps());
        assertEquals(Path.of("data"), p.peerCacheDir());
        assertEquals("full", p.listenMode());
    }

    @Test
    void readsThe2026Settings() {
        Settings.Protocol p = load(Map.of("p2p_protocol", "teranode-2026",
                "p2p_bootstrap_peers", "/dnsaddr/teratestnet.bootstrap.teranode.bsvb.tech,"
                        + "/ip4/1.2.3.4/tcp/9905/p2p/12D3KooWH5JVqGdaw7JEizmysCfRRcPGTFfvRJF7Hkure7oQWYnb",
                "p2p_dht_mode", "Server", "p2p_allow_private_ips", "true", "p2p_peer_cache_dir", "/var/cache/p2p",
                "listen_mode", "listen_only")).protocol();
        assertEquals("teranode-2026", p.generation());
        assertEquals(2, p.bootstrapPeers().size());
        assertEquals("server", p.dhtMode());
        assertTrue(p.allowPrivateIps());
        assertEquals(Path.of("/var/cache/p2p"), p.peerCacheDir());
        assertEquals("listen_only", p.listenMode());
    }

    @Test
    void badValuesNameTheirSetting() {
        assertTrue(failure(Map.of("p2p_protocol", "teranode-2027")).contains("p2p_protocol"));
        assertTrue(failure(Map.of("p2p_dht_mode", "auto")).contains("p2p_dht_mode"));
        assertTrue(failure(Map.of("listen_mode", "loud")).contains("listen_mode"));
        assertTrue(failure(Map.of("p2p_allow_private_ips", "maybe")).contains("p2p_allow_private_ips"));
        assertTrue(failure(Map.of("p2p_bootstrap_peers", "/ip4/1.2.3.4/tcp/9905")).contains("p2p_bootstrap_peers"));
        assertTrue(failure(Map.of("p2p_relay_reservations", "sometimes")).contains("p2p_relay_reservations"));
    }

    @Test
    void aMalformedDnsaddrIsRefusedAtLoadNamingKeyValueAndFault() {
        String message = failure(Map.of("p2p_bootstrap_peers", "/dnsaddr/boot..example"));
        assertTrue(message.contains("p2p_bootstrap_peers") && message.contains("/dnsaddr/boot..example")
                && message.contains("DNS name"), message);
        message = failure(Map.of("p2p_bootstrap_peers", "/dnsaddr/boot.example/tcp/9905"));
        assertTrue(message.contains("only have /p2p/<peer id> after the domain"), message);
    }

    @Test
    void relayReservationsAreAutoUnlessSetAndReadInAnyCase() {
        assertEquals("auto", load(Map.of()).protocol().relayReservations());
        assertEquals("never", load(Map.of("p2p_relay_reservations", "NEVER")).protocol().relayReservations());
        assertEquals("always", load(Map.of("p2p_relay_reservations", "always")).protocol().relayReservations());
    }
}
