package p2p.node.interop;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import p2p.node.crypto.Psk;
import p2p.node.multistream.MultistreamCodec;
import p2p.node.pnet.XSalsa20Cipher;

/**
 * A TCP relay between a dialer and a listener on a private network that reads the connection's first multistream
 * messages each way: it relays every byte unchanged, and beside that decrypts the pnet layer (spec 2.3: a 24-byte
 * nonce, then XSalsa20 with the PSK) to record the security negotiation that runs in clear inside it, before Noise.
 * This is how a test sees which security protocols a dialer proposed and in what order, e.g. go-libp2p's
 * {@code /tls/1.0.0} before {@code /noise}, and the listener's {@code na}. It serves one connection.
 */
final class GoHandshakeRecorder implements AutoCloseable {
    /** The header, then the proposals or answers up to the agreed protocol (Noise frames follow, not recorded). */
    private static final int MESSAGES_KEPT = 3;

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Psk psk;
    private final List<String> fromDialer = new ArrayList<>();
    private final List<String> fromListener = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();

    GoHandshakeRecorder(InetSocketAddress target, Psk psk) throws IOException {
        this.target = target;
        this.psk = psk;
        this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("handshake-recorder").start(this::relayOne);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The multistream messages the dialer sent first, in order (at most {@value #MESSAGES_KEPT}). */
    List<String> fromDialer() {
        synchronized (fromDialer) {
            return List.copyOf(fromDialer);
        }
    }

    /** The multistream messages the listener sent first, in order. */
    List<String> fromListener() {
        synchronized (fromListener) {
            return List.copyOf(fromListener);
        }
    }

    private void relayOne() {
        try {
            Socket dialer = server.accept();
            synchronized (sockets) {
                sockets.add(dialer);
            }
            Socket listener = new Socket(target.getAddress(), target.getPort());
            synchronized (sockets) {
                sockets.add(listener);
            }
            Thread.ofVirtual().start(() -> pump(dialer, listener, fromDialer));
            pump(listener, dialer, fromListener);
        } catch (IOException closed) {
            // The test ended or a side hung up: nothing more to relay.
        }
    }

    private void pump(Socket from, Socket to, List<String> record) {
        Decoder decoder = new Decoder(record);
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                decoder.accept(buf, n);
                out.write(buf, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException closed) {
            // One side closed: the other pump ends too.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (sockets) {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    /** Decrypts one direction's pnet stream and splits the start of it into multistream messages. */
    private final class Decoder {
        private final List<String> record;
        private final byte[] nonce = new byte[XSalsa20Cipher.NONCE_BYTES];
        private int nonceRead;
        private XSalsa20Cipher cipher;
        private final ByteBuf clear = Unpooled.buffer();
        private boolean stopped;

        Decoder(List<String> record) {
            this.record = record;
        }

        void accept(byte[] bytes, int length) {
            int off = 0;
            if (nonceRead < nonce.length) {
                int take = Math.min(nonce.length - nonceRead, length);
                System.arraycopy(bytes, 0, nonce, nonceRead, take);
                nonceRead += take;
                off = take;
                if (nonceRead < nonce.length) {
                    return;
                }
                cipher = new XSalsa20Cipher(psk.key(), nonce);
            }
            if (off == length || done()) {
                return;
            }
            byte[] plain = new byte[length - off];
            cipher.xor(bytes, off, plain, 0, plain.length);
            clear.writeBytes(plain);
            String message;
            try {
                while (!done() && (message = MultistreamCodec.read(clear)) != null) {
                    synchronized (record) {
                        record.add(message);
                    }
                }
            } catch (RuntimeException notMultistream) {
                // Past the negotiation (or a wrong key): what was recorded so far stands.
                synchronized (record) {
                    record.add("<not multistream: " + notMultistream.getMessage() + ">");
                }
                stopped = true;
            }
        }

        private boolean done() {
            synchronized (record) {
                return stopped || record.size() >= MESSAGES_KEPT;
            }
        }
    }
}
