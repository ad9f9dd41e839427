package p2p.bench.pnet;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import p2p.node.pnet.XSalsa20Cipher;

/**
 * The pnet cipher: our {@link XSalsa20Cipher} against BouncyCastle's {@link XSalsa20Engine} (the engine it replaced),
 * on buffers of the sizes the wire carries (a 16 KiB TLS-record-like chunk, a 64 KiB yamux window).
 *
 * <p>Every invocation ciphers exactly 1 MiB (the buffer, again and again), so <b>the score in ops/s is MiB/s</b>.
 * Run: {@code java -jar modules/p2p-bench/target/benchmarks.jar XSalsa20Benchmark -f 1 -wi 2 -i 3}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class XSalsa20Benchmark {
    private static final int BYTES_PER_INVOCATION = 1 << 20;

    /** Bytes per cipher call. */
    @Param({"16384", "65536"})
    public int size;

    private XSalsa20Cipher ours;
    private XSalsa20Engine bouncyCastle;
    private byte[] in;
    private byte[] out;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(42);
        byte[] key = new byte[XSalsa20Cipher.KEY_BYTES];
        byte[] nonce = new byte[XSalsa20Cipher.NONCE_BYTES];
        random.nextBytes(key);
        random.nextBytes(nonce);
        ours = new XSalsa20Cipher(key, nonce);
        bouncyCastle = new XSalsa20Engine();
        bouncyCastle.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        in = new byte[size];
        random.nextBytes(in);
        out = new byte[size];
    }

    /** Ours, array to array: the path of every heap buffer, and of direct ones after one memory copy. */
    @Benchmark
    public byte[] oursHeapArrays() {
        for (int done = 0; done < BYTES_PER_INVOCATION; done += size) {
            ours.xor(in, 0, out, 0, size);
        }
        return out;
    }

    /** BouncyCastle, array to array: what the pnet layer used before. */
    @Benchmark
    public byte[] bouncyCastleHeapArrays() {
        for (int done = 0; done < BYTES_PER_INVOCATION; done += size) {
            bouncyCastle.processBytes(in, 0, size, out, 0);
        }
        return out;
    }
}
