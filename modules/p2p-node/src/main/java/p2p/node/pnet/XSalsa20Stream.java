package p2p.node.pnet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * One direction of a pnet connection: the XSalsa20 key stream for (PSK, nonce), XORed over the bytes in order.
 * BouncyCastle's engine works on arrays, so each buffer costs one pass of the cipher plus at most one copy: heap
 * buffers are ciphered straight from their backing array, direct ones are copied once into the heap buffer that
 * is then ciphered in place. Not thread-safe: owned by one channel's event loop.
 */
final class XSalsa20Stream {
    /** XSalsa20 nonce length. */
    static final int NONCE_BYTES = 24;

    private final XSalsa20Engine engine = new XSalsa20Engine();

    XSalsa20Stream(byte[] key, byte[] nonce) {
        if (key.length != Psk.KEY_BYTES || nonce.length != NONCE_BYTES) {
            throw new IllegalArgumentException("XSalsa20 needs a 32-byte key and a 24-byte nonce");
        }
        engine.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
    }

    /**
     * Returns a new heap buffer holding the readable bytes of {@code in} XORed with the key stream; {@code in} is
     * left untouched (outbound buffers may be shared with other channels) and not released.
     */
    ByteBuf copyOf(ByteBufAllocator alloc, ByteBuf in) {
        int length = in.readableBytes();
        ByteBuf out = alloc.heapBuffer(length);
        byte[] dst = out.array();
        int dstOffset = out.arrayOffset() + out.writerIndex();
        if (in.hasArray()) {
            engine.processBytes(in.array(), in.arrayOffset() + in.readerIndex(), length, dst, dstOffset);
        } else {
            in.getBytes(in.readerIndex(), dst, dstOffset, length);
            engine.processBytes(dst, dstOffset, length, dst, dstOffset);
        }
        out.writerIndex(out.writerIndex() + length);
        return out;
    }

    /**
     * XORs the readable bytes of {@code in} with the key stream, in place when it is a writable heap buffer
     * (inbound buffers belong to the handler that reads them). Returns the buffer holding the result: {@code in}
     * itself, or a new heap buffer, in which case {@code in} has been released.
     */
    ByteBuf inPlace(ByteBufAllocator alloc, ByteBuf in) {
        if (in.hasArray() && !in.isReadOnly()) {
            int offset = in.arrayOffset() + in.readerIndex();
            engine.processBytes(in.array(), offset, in.readableBytes(), in.array(), offset);
            return in;
        }
        try {
            return copyOf(alloc, in);
        } finally {
            in.release();
        }
    }
}
