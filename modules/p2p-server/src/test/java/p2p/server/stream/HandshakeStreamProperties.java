package p2p.server.stream;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import p2p.node.crypto.PeerId;
import p2p.testkit.fuzz.Hostile;
import p2p.testkit.fuzz.StreamFeed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile-input property of the direct stream (spec teranode-p2p, "version/verack"): whatever a peer writes, in any
 * chunking, the collector either hands over exactly those bytes at the peer's FIN or, past {@code maxBytes}, closes
 * the stream and reports it oversized, never holding more than {@code maxBytes}; no buffer leaks. The payload's JSON
 * is then {@link p2p.server.message.HandshakeMessage}'s to judge (MessageProperties).
 */
class HandshakeStreamProperties {

    private static final int MAX = 256;
    private static final PeerId PEER = PeerId.parse("12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo");

    @BeforeContainer
    static void paranoid() {
        StreamFeed.paranoid();
    }

    @AfterContainer
    static void restoreLeakDetection() {
        StreamFeed.restoreLeakDetection();
    }

    @Property(tries = 3000)
    void collector(@ForAll("payloads") byte[] bytes, @ForAll("chunkings") List<Integer> chunks) {
        List<byte[]> received = new ArrayList<>();
        List<Integer> oversized = new ArrayList<>();
        HandshakeStream.Receiver receiver = new HandshakeStream.Receiver() {
            @Override
            public void received(PeerId from, byte[] payload) {
                received.add(payload);
            }

            @Override
            public void oversized(PeerId from, int limit) {
                oversized.add(limit);
            }

            @Override
            public void timedOut(PeerId from, Duration timeout) {
                throw new AssertionError("no timer runs in this test");
            }
        };
        EmbeddedChannel stream = StreamFeed.channel();
        HandshakeStream.handler(MAX, Duration.ofMinutes(5), receiver).onStream(stream, PEER);
        StreamFeed.Result r = Hostile.decode("HandshakeStream collector", 8L * MAX + 16L * bytes.length, List.of(),
                () -> StreamFeed.feed(stream, bytes, chunks, () -> {
                    stream.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE); // the peer's FIN
                    assertFalse(stream.isOpen(), "the stream is closed at FIN or when oversized");
                })).value();
        if (r.error() != null) {
            throw new AssertionError("the direct stream raised " + r.error(), r.error());
        }
        if (bytes.length > MAX) {
            assertEquals(List.of(MAX), oversized);
            assertTrue(received.isEmpty());
        } else {
            assertTrue(oversized.isEmpty());
            assertEquals(bytes.length == 0 ? 0 : 1, received.size());
            if (bytes.length > 0) {
                assertArrayEquals(bytes, received.getFirst());
            }
        }
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(2 * MAX);
    }

    @Provide
    Arbitrary<List<Integer>> chunkings() {
        return StreamFeed.chunkings();
    }
}
