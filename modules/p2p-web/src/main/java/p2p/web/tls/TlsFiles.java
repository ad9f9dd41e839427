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

import p2p.web.WebSettings;
import p2p.web.WebStartException;

/**
 * Builds the HTTPS configuration from {@code server_certFile} and {@code server_keyFile} (spec section 7). Every
 * failure is a {@link WebStartException} naming the setting and the file, found before the listener starts.
 */
public final class TlsFiles {

    private TlsFiles() {
    }

    /** Reads both PEM files named by the settings; the settings must ask for HTTPS. */
    public static Tls load(WebSettings settings) {
        Path certFile = readable(WebSettings.CERT_FILE, settings.certFile(), settings.securityLevelHttp());
        Path keyFile = readable(WebSettings.KEY_FILE, settings.keyFile(), settings.securityLevelHttp());
        List<X509Certificate> chain = readCertificates(certFile);
        PrivateKey key = readPrivateKey(keyFile);
        return Tls.builder()
                .privateKey(key)
                .privateKeyCertChain(chain)
                .build();
    }

    private static Path readable(String setting, Optional<Path> file, int securityLevel) {
        Path path = file.orElseThrow(() -> new WebStartException(setting + " is required when "
                + WebSettings.SECURITY_LEVEL_HTTP + " is " + securityLevel + " (HTTPS)"));
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
