package p2p.web.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.helidon.common.configurable.Resource;
import io.helidon.common.pki.Keys;
import io.helidon.common.tls.Tls;
import io.helidon.common.tls.TlsClientAuth;
import io.helidon.common.tls.TlsConfig;

import p2p.web.WebSettings;
import p2p.web.WebStartException;

/**
 * Builds the TLS configuration of the HTTPS listener ({@code securityLevelHTTP}, spec section 7) and of the gRPC
 * listener ({@code security_level_grpc}, spec section 6.1) from {@code server_certFile} and {@code server_keyFile}.
 * Every failure is a {@link WebStartException} naming the setting and the file, found before any listener starts.
 */
public final class TlsFiles {

    private TlsFiles() {
    }

    /** Reads both PEM files named by the settings; the settings must ask for HTTPS. */
    public static Tls load(WebSettings settings) {
        return serverTls(settings, WebSettings.SECURITY_LEVEL_HTTP, settings.securityLevelHttp()).build();
    }

    /**
     * The gRPC listener's TLS for {@code security_level_grpc} 1 or 2 (as Teranode's util/GRPCHelper): 1 server
     * certificate only, 2 also requires the client to present a certificate, which is not verified (Go's
     * {@code RequireAnyClientCert}). Level 3 asks Go to verify client certificates against a CA file that its server
     * is never given, so it cannot start there; it is refused here with that reason.
     */
    public static Tls loadGrpc(WebSettings settings) {
        int level = settings.securityLevelGrpc();
        if (level >= 3) {
            throw new WebStartException(WebSettings.SECURITY_LEVEL_GRPC + " " + level + " is not supported: it asks"
                    + " for client certificates verified against a CA file, which Teranode's gRPC server is never"
                    + " given either (it cannot start with level 3); use 1 (TLS) or 2 (TLS, client certificate"
                    + " required)");
        }
        TlsConfig.Builder tls = serverTls(settings, WebSettings.SECURITY_LEVEL_GRPC, level);
        if (level == 2) {
            tls.clientAuth(TlsClientAuth.REQUIRED).trustAll(true);
        }
        return tls.build();
    }

    private static TlsConfig.Builder serverTls(WebSettings settings, String levelSetting, int level) {
        Path certFile = readable(WebSettings.CERT_FILE, settings.certFile(), levelSetting, level);
        Path keyFile = readable(WebSettings.KEY_FILE, settings.keyFile(), levelSetting, level);
        List<X509Certificate> chain = readCertificates(certFile);
        PrivateKey key = readPrivateKey(keyFile);
        return Tls.builder()
                .privateKey(key)
                .privateKeyCertChain(chain)
                // Teranode: TLS 1.2 at least.
                .enabledProtocols(List.of("TLSv1.3", "TLSv1.2"));
    }

    private static Path readable(String setting, Optional<Path> file, String levelSetting, int securityLevel) {
        Path path = file.orElseThrow(() -> new WebStartException(setting + " is required when "
                + levelSetting + " is " + securityLevel
                + (WebSettings.SECURITY_LEVEL_HTTP.equals(levelSetting) ? " (HTTPS)" : " (gRPC TLS)")));
        if (!Files.isRegularFile(path)) {
            throw new WebStartException(setting + " '" + path + "' does not exist or is not a file");
        }
        if (!Files.isReadable(path)) {
            throw new WebStartException(setting + " '" + path + "' is not readable");
        }
        return path;
    }

    private static List<X509Certificate> readCertificates(Path file) {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | CertificateException e) {
            throw new WebStartException(WebSettings.CERT_FILE + " '" + file
                    + "' is not a PEM X.509 certificate chain: " + e.getMessage(), e);
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate certificate : certificates) {
            if (certificate instanceof X509Certificate x509) {
                chain.add(x509);
            }
        }
        if (chain.isEmpty()) {
            throw new WebStartException(WebSettings.CERT_FILE + " '" + file + "' holds no X.509 certificate");
        }
        return chain;
    }

    private static PrivateKey readPrivateKey(Path file) {
        try {
            Keys keys = Keys.builder().pem(pem -> pem.key(Resource.create(file))).build();
            return keys.privateKey().orElseThrow(() -> new WebStartException(WebSettings.KEY_FILE + " '" + file
                    + "' holds no private key"));
        } catch (WebStartException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new WebStartException(WebSettings.KEY_FILE + " '" + file
                    + "' is not a PEM private key (PKCS#8, or PKCS#1 RSA): " + e.getMessage(), e);
        }
    }
}
