package p2p.node.pnet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * One direction of a pnet connection: the {@link XSalsa20Cipher} for (PSK, nonce) applied to the buffers that pass,
 * in order. Decides where the result goes: outbound data is ciphered into a new buffer (the caller's buffer may be
 * shared with other channels), inbound data in place (the buffer belongs to the handler reading it). Not
 * thread-safe: owned by one channel's event loop.
 */
final class XSalsa20Stream {
    /** XSalsa20 nonce length. */
    static final int NONCE_BYTES = XSalsa20Cipher.NONCE_BYTES;

    private final XSalsa20Cipher cipher;

    XSalsa20Stream(byte[] key, byte[] nonce) {
        cipher = new XSalsa20Cipher(key, nonce);
    }

    /**
     * Returns a new buffer holding the readable bytes of {@code in} XORed with the key stream; {@code in} is left
     * untouched and not released. The new buffer is of the kind of {@code in}: a direct one (what Noise and the socket
     * use) stays direct, so it is ciphered straight into the buffer the socket writes from, instead of being copied to
     * a heap array and then back to direct memory by the socket channel.
     */
    ByteBuf copyOf(ByteBufAllocator alloc, ByteBuf in) {
        int length = in.readableBytes();
        ByteBuf out = in.hasArray() ? alloc.heapBuffer(length) : alloc.directBuffer(length);
        cipher.xor(in, in.readerIndex(), out, out.writerIndex(), length);
        out.writerIndex(out.writerIndex() + length);
        return out;
    }

    /**
     * XORs the readable bytes of {@code in} with the key stream in place, heap or direct, unless it is read-only.
     * Returns the buffer holding the result: {@code in} itself, or for a read-only buffer a new heap buffer, in which
     * case {@code in} has been released.
     */
    ByteBuf inPlace(ByteBufAllocator alloc, ByteBuf in) {
        if (!in.isReadOnly()) {
            cipher.xor(in, in.readerIndex(), in, in.readerIndex(), in.readableBytes());
            return in;
        }
        try {
            return copyOf(alloc, in);
        } finally {
            in.release();
        }
    }
}
