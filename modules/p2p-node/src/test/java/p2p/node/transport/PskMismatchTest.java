package p2p.node.transport;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.Psk;
import p2p.node.host.ConnectionLimits;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;
import p2p.node.multiaddr.Multiaddr;
import p2p.node.multistream.NotMultistreamException;
import p2p.node.pnet.PskMismatchException;
import p2p.node.pnet.XSalsa20Cipher;
import p2p.testkit.Await;

/**
 * A peer with another pre-shared key (spec 2.3) is reported as such on both ends, naming {@code p2p_shared_key} and
 * the key's fingerprint, and the listener logs it at INFO: it is the usual misconfiguration of a private network,
 * where before both ends saw only "peer did not open with /multistream/1.0.0" at FINE.
 */
class PskMismatchTest {
    private static final Psk OURS = Psk.fromHex("285b49e6d910726a70f205086c39cbac6d8dcc47839053a21b1f614773bbc137");
    private static final Psk THEIRS = Psk.fromHex("11".repeat(32));
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<P2PNode> nodes = new ArrayList<>();
    private final Logger nodeLog = Logger.getLogger(P2PNode.class.getName());
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (records) {
                records.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @AfterEach
    void stop() {
        nodeLog.removeHandler(capture);
        nodes.forEach(P2PNode::close);
    }

    private P2PNode node(Psk psk) throws Exception {
        P2PNode node = new P2PNode(NodeConfig.builder(Ed25519PrivKey.generate(RANDOM))
                .listen("/ip4/127.0.0.1/tcp/0")
                .psk(Optional.of(psk))
                .limits(new ConnectionLimits(16, 8, Duration.ofSeconds(2)))
                .ioThreads(1)
                .build());
        nodes.add(node);
        node.start().get(10, TimeUnit.SECONDS);
        return node;
    }

    @Test
    void bothEndsNameTheKeyAndTheListenerLogsItAtInfo() throws Exception {
        nodeLog.addHandler(capture);
        P2PNode listener = node(OURS);
        P2PNode dialer = node(THEIRS);

        // The listener reads the dialer's header first, fails and closes before answering: the dialer sees the close.
        ExecutionException e = assertThrows(ExecutionException.class, () -> dialer.connect(
                listener.listenAddresses().get(0).withPeerId(listener.peerId().toBytes())).get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("p2p_shared_key"), e.getCause().toString());

        Await.until("the listener's INFO line", Duration.ofSeconds(10), () -> infoLine() != null);
        String line = infoLine();
        assertTrue(line.startsWith("refused connection inbound /127.0.0.1:"), line);
        assertTrue(line.contains("do not decrypt to a multistream header with our p2p_shared_key (sha256:"
                + OURS.fingerprint() + ")"), line);
    }

    @Test
    void aDialerWhoseListenerDoesNotAnswerWithAHeaderNamesTheKey() throws Exception {
        // A wrong length, and (as random noise sometimes decrypts to) a non-minimal varint before any header.
        for (byte[] plain : List.of("\u0005hello".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0x80, 0, 1})) {
            dialerNamesTheKey(plain);
        }
    }

    private void dialerNamesTheKey(byte[] plain) throws Exception {
        P2PNode dialer = node(OURS);
        // A raw listener that speaks first, as go-libp2p's listener does: a pnet nonce, then bytes that decrypt to a
        // message other than the multistream header (as a peer with another key produces, here deterministically).
        try (ServerSocket raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = raw.accept()) {
                    byte[] nonce = new byte[XSalsa20Cipher.NONCE_BYTES];
                    RANDOM.nextBytes(nonce);
                    byte[] sealed = new byte[plain.length];
                    new XSalsa20Cipher(OURS.key(), nonce).xor(plain, 0, sealed, 0, plain.length);
                    s.getOutputStream().write(nonce);
                    s.getOutputStream().write(sealed);
                    s.getInputStream().readAllBytes();
                } catch (IOException closed) {
                    // The dialer hung up: expected.
                }
            });
            ExecutionException e = assertThrows(ExecutionException.class, () -> dialer.connect(
                    Multiaddr.tcp("127.0.0.1", raw.getLocalPort())).get(10, TimeUnit.SECONDS));
            PskMismatchException mismatch = assertInstanceOf(PskMismatchException.class, e.getCause());
            assertInstanceOf(NotMultistreamException.class, mismatch.getCause());
            assertTrue(mismatch.getMessage().startsWith("connection outbound /127.0.0.1:" + raw.getLocalPort()),
                    mismatch.getMessage());
            assertTrue(mismatch.getMessage().contains("p2p_shared_key (sha256:" + OURS.fingerprint() + ")"),
                    mismatch.getMessage());
        }
    }

    @Test
    void withoutAKeyAListenerLogsNoKeyMismatch() throws Exception {
        nodeLog.addHandler(capture);
        P2PNode plain = new P2PNode(NodeConfig.builder(Ed25519PrivKey.generate(RANDOM))
                .listen("/ip4/127.0.0.1/tcp/0").ioThreads(1).build());
        nodes.add(plain);
        plain.start().get(10, TimeUnit.SECONDS);
        P2PNode keyed = node(OURS);

        // The plain listener reads a nonce and encrypted bytes: a protocol error, but no key of its own to blame.
        ExecutionException e = assertThrows(ExecutionException.class, () -> keyed.connect(
                plain.listenAddresses().get(0).withPeerId(plain.peerId().toBytes())).get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("p2p_shared_key"), e.getCause().toString());
        Await.until("the plain listener to drop the socket", Duration.ofSeconds(10),
                () -> plain.transportStats().open() == 0);
        assertNull(infoLine());
    }

    private String infoLine() {
        synchronized (records) {
            for (LogRecord r : records) {
                String text = new SimpleFormatter().formatMessage(r);
                if (r.getLevel() == Level.INFO && text.contains("p2p_shared_key")) {
                    return text;
                }
            }
            return null;
        }
    }
}
