package p2p.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpsTest {
    @TempDir
    static Path dir;
    /** One key pair for the class: RSA generation is the slow part of these tests. */
    private static SelfSignedCertificate cert;

    @BeforeAll
    static void createCertificate() throws Exception {
        cert = SelfSignedCertificate.create(dir);
    }

    private OperatorServer.Builder builder(WebSettings settings) {
        return OperatorServer.builder(settings).banList(new FakeBanList()).banScoring(new FakeBanScoring());
    }

    private WebSettings https(Path cert, Path key) {
        WebSettings.Builder settings = TestServers.loopback().securityLevelHttp(1);
        if (cert != null) {
            settings.certFile(cert);
        }
        if (key != null) {
            settings.keyFile(key);
        }
        return settings.build();
    }

    @Test
    void securityLevelAboveZeroServesHttpsWithThePemFiles() throws Exception {
        try (OperatorServer server = builder(https(cert.certFile(), cert.keyFile())).start();
             HttpClient client = HttpClient.newBuilder().sslContext(trusting(cert)).build()) {
            assertTrue(server.https());
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + server.httpPort() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertEquals("{\"status\":\"UP\",\"checks\":[]}", health.body());
            // Plain HTTP on the HTTPS port gets no HTTP answer.
            try (HttpClient plain = HttpClient.newHttpClient()) {
                assertThrows(IOException.class, () -> plain.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.httpPort() + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
        }
    }

    @Test
    void aMissingCertFileIsAStartErrorNamingTheSettingAndThePath() {
        Path missing = dir.resolve("nope.crt");
        WebStartException e = assertThrows(WebStartException.class,
                () -> builder(https(missing, dir.resolve("nope.key"))).start());
        assertEquals("server_certFile '" + missing + "' does not exist or is not a file", e.getMessage());
    }

    @Test
    void unsetFilesAreAStartErrorNamingTheSetting() throws Exception {
        assertEquals("server_certFile is required when securityLevelHTTP is 1 (HTTPS)",
                assertThrows(WebStartException.class, () -> builder(https(null, cert.keyFile())).start()).getMessage());
        assertEquals("server_keyFile is required when securityLevelHTTP is 1 (HTTPS)",
                assertThrows(WebStartException.class, () -> builder(https(cert.certFile(), null)).start()).getMessage());
    }

    @Test
    void garbageFilesAreStartErrorsNamingTheSetting() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN PRIVATE KEY-----\nnot base64!\n");
        WebStartException badKey = assertThrows(WebStartException.class,
                () -> builder(https(cert.certFile(), garbage)).start());
        assertTrue(badKey.getMessage().startsWith("server_keyFile '" + garbage + "' is not a PEM private key"),
                badKey.getMessage());
        WebStartException badCert = assertThrows(WebStartException.class,
                () -> builder(https(garbage, cert.keyFile())).start());
        assertTrue(badCert.getMessage().startsWith("server_certFile '" + garbage + "'"), badCert.getMessage());
    }

    @Test
    void tlsErrorsLeaveNoListenerBehind() throws Exception {
        // The TLS files are checked before anything binds, so a fixed port is free again at once.
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        WebSettings settings = TestServers.loopback().http("127.0.0.1", port).securityLevelHttp(1)
                .certFile(dir.resolve("missing.crt")).keyFile(dir.resolve("missing.key")).build();
        assertThrows(WebStartException.class, () -> builder(settings).start());
        try (java.net.ServerSocket again = new java.net.ServerSocket(port, 50,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            assertEquals(port, again.getLocalPort());
        }
    }

    private static SSLContext trusting(SelfSignedCertificate cert) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("server", cert.certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
