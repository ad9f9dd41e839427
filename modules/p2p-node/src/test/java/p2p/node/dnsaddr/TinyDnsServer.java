package p2p.node.dnsaddr;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS server on 127.0.0.1 (UDP, port 0) that answers TXT questions from a map and NXDOMAIN otherwise: enough of
 * RFC 1035 for {@link JndiTxtLookup}, so the dnsaddr tests never touch the real network.
 */
final class TinyDnsServer implements AutoCloseable {
    private final DatagramSocket socket;
    private final Map<String, List<String>> txt = new ConcurrentHashMap<>();
    private final AtomicInteger queries = new AtomicInteger();
    private final Thread thread;

    TinyDnsServer() throws SocketException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        thread = Thread.ofPlatform().daemon().name("tiny-dns").start(this::serve);
    }

    int port() {
        return socket.getLocalPort();
    }

    int queries() {
        return queries.get();
    }

    void txt(String name, String... records) {
        txt.put(name.toLowerCase(Locale.ROOT), List.of(records));
    }

    private void serve() {
        byte[] buf = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(in);
                queries.incrementAndGet();
                byte[] reply = answer(java.util.Arrays.copyOf(in.getData(), in.getLength()));
                socket.send(new DatagramPacket(reply, reply.length, in.getSocketAddress()));
            } catch (java.io.IOException | RuntimeException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private byte[] answer(byte[] query) {
        int pos = 12;
        StringBuilder name = new StringBuilder();
        while (query[pos] != 0) {
            int len = query[pos++] & 0xff;
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(query, pos, len, StandardCharsets.US_ASCII));
            pos += len;
        }
        pos++;
        int qtype = ((query[pos] & 0xff) << 8) | (query[pos + 1] & 0xff);
        int questionEnd = pos + 4;
        List<String> records = txt.get(name.toString().toLowerCase(Locale.ROOT));
        boolean found = records != null;
        List<String> answers = found && qtype == 16 ? records : List.of();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(query[0]);
        out.write(query[1]);
        out.write(0x81 | (query[2] & 0x01)); // QR, opcode 0, AA, RD copied
        out.write(0x80 | (found ? 0 : 3));   // RA, rcode NOERROR or NXDOMAIN
        out.writeBytes(new byte[] {0, 1, 0, (byte) answers.size(), 0, 0, 0, 0});
        out.write(query, 12, questionEnd - 12);
        for (String record : answers) {
            byte[] text = record.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream rdata = new ByteArrayOutputStream();
            for (int off = 0; off < text.length || off == 0; off += 255) {
                int n = Math.min(255, text.length - off);
                rdata.write(n);
                rdata.write(text, off, n);
            }
            out.writeBytes(new byte[] {(byte) 0xc0, 0x0c, 0, 16, 0, 1, 0, 0, 0, 60});
            out.write(rdata.size() >> 8);
            out.write(rdata.size() & 0xff);
            out.writeBytes(rdata.toByteArray());
        }
        return out.toByteArray();
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(5000);
    }
}
