package p2p.node.multistream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/** Connects two {@link EmbeddedChannel}s by moving what one writes into the other's inbound side. */
final class EmbeddedPair {
    private EmbeddedPair() {
    }

    /** Moves bytes both ways until neither side has anything left to send. */
    static void exchange(EmbeddedChannel a, EmbeddedChannel b, boolean byteByByte) {
        for (int round = 0; round < 100; round++) {
            boolean moved = pump(a, b, byteByByte) | pump(b, a, byteByByte);
            if (!moved) {
                return;
            }
        }
        throw new AssertionError("channels kept talking for 100 rounds");
    }

    static void exchange(EmbeddedChannel a, EmbeddedChannel b) {
        exchange(a, b, false);
    }

    private static boolean pump(EmbeddedChannel from, EmbeddedChannel to, boolean byteByByte) {
        boolean moved = false;
        for (ByteBuf buf; (buf = from.readOutbound()) != null; ) {
            moved = true;
            if (!to.isOpen()) {
                buf.release();
                continue;
            }
            if (byteByByte) {
                while (buf.isReadable() && to.isOpen()) {
                    to.writeInbound(Unpooled.wrappedBuffer(new byte[] {buf.readByte()}));
                }
                buf.release();
            } else {
                to.writeInbound(buf);
            }
        }
        return moved;
    }
}
