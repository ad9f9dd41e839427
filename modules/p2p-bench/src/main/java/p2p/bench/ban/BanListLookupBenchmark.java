package p2p.bench.ban;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import p2p.ban.BanList;
import p2p.ban.BanSettings;

/**
 * {@link BanList#isBanned} on a list of 10,000 entries: 4,500 IPv4 and 4,500 IPv6 single addresses plus 500 IPv4
 * subnets (/8-/30) and 500 IPv6 subnets (/16-/64), so lookups probe about 24 IPv4 and 50 IPv6 prefix lengths.
 * Each benchmark cycles through 1,024 prepared inputs (half single-address hits, half subnet hits for the hit
 * cases), as text ({@code ip:port} for IPv4, {@code [ip6]:port} for IPv6) or as {@link InetAddress}.
 *
 * <p>Run: {@code java -jar modules/p2p-bench/target/benchmarks.jar BanListLookup -f 1 -wi 2 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BanListLookupBenchmark {

    private static final int SINGLE_PER_FAMILY = 4_500;
    private static final int SUBNETS_PER_FAMILY = 500;
    private static final int INPUTS = 1024; // a power of two: the cursor wraps with a mask

    private Path directory;
    private BanList list;

    private String[] ipv4HitText;
    private String[] ipv4MissText;
    private String[] ipv6HitText;
    private String[] ipv6MissText;
    private InetAddress[] ipv4HitAddress;
    private InetAddress[] ipv4MissAddress;
    private InetAddress[] ipv6HitAddress;
    private InetAddress[] ipv6MissAddress;
    private int cursor;

    @Setup(Level.Trial)
    public void load() throws IOException {
        directory = Files.createTempDirectory("ban-bench");
        list = BanList.open(BanSettings.derby(directory.resolve("bans"), 20_000, Duration.ofDays(1)));
        Random random = new Random(2025);
        List<byte[]> singles4 = randomAddresses(random, 4, SINGLE_PER_FAMILY);
        List<byte[]> singles6 = randomAddresses(random, 16, SINGLE_PER_FAMILY);
        List<byte[]> subnets4 = randomAddresses(random, 4, SUBNETS_PER_FAMILY);
        List<byte[]> subnets6 = randomAddresses(random, 16, SUBNETS_PER_FAMILY);
        List<String> targets = new ArrayList<>();
        singles4.forEach(a -> targets.add(text(a)));
        singles6.forEach(a -> targets.add(text(a)));
        for (byte[] a : subnets4) {
            targets.add(text(a) + "/" + (8 + random.nextInt(23)));
        }
        for (byte[] a : subnets6) {
            targets.add(text(a) + "/" + (16 + random.nextInt(49)));
        }
        list.addAll(targets, Instant.now().plus(Duration.ofDays(1)));
        if (list.size() < 9_990) {
            throw new IllegalStateException("expected about 10,000 entries, got " + list.size());
        }

        // Hits: half exact single addresses, half the subnet's own network address (inside by construction).
        ipv4HitText = new String[INPUTS];
        ipv6HitText = new String[INPUTS];
        for (int i = 0; i < INPUTS; i++) {
            byte[] v4 = i % 2 == 0 ? singles4.get(i % singles4.size()) : subnets4.get(i % subnets4.size());
            byte[] v6 = i % 2 == 0 ? singles6.get(i % singles6.size()) : subnets6.get(i % subnets6.size());
            ipv4HitText[i] = text(v4) + ":8333";
            ipv6HitText[i] = "[" + text(v6) + "]:8333";
        }
        ipv4MissText = misses(random, 4);
        ipv6MissText = misses(random, 16);
        ipv4HitAddress = addresses(ipv4HitText);
        ipv6HitAddress = addresses(ipv6HitText);
        ipv4MissAddress = addresses(ipv4MissText);
        ipv6MissAddress = addresses(ipv6MissText);
        check(ipv4HitText, true);
        check(ipv6HitText, true);
        check(ipv4MissText, false);
        check(ipv6MissText, false);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        list.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private int next() {
        cursor = (cursor + 1) & (INPUTS - 1);
        return cursor;
    }

    @Benchmark
    public boolean ipv4TextHit() {
        return list.isBanned(ipv4HitText[next()]);
    }

    @Benchmark
    public boolean ipv4TextMiss() {
        return list.isBanned(ipv4MissText[next()]);
    }

    @Benchmark
    public boolean ipv6TextHit() {
        return list.isBanned(ipv6HitText[next()]);
    }

    @Benchmark
    public boolean ipv6TextMiss() {
        return list.isBanned(ipv6MissText[next()]);
    }

    @Benchmark
    public boolean ipv4AddressHit() {
        return list.isBanned(ipv4HitAddress[next()]);
    }

    @Benchmark
    public boolean ipv4AddressMiss() {
        return list.isBanned(ipv4MissAddress[next()]);
    }

    @Benchmark
    public boolean ipv6AddressHit() {
        return list.isBanned(ipv6HitAddress[next()]);
    }

    @Benchmark
    public boolean ipv6AddressMiss() {
        return list.isBanned(ipv6MissAddress[next()]);
    }

    private String[] misses(Random random, int length) {
        String[] out = new String[INPUTS];
        for (int i = 0; i < INPUTS; ) {
            byte[] candidate = randomAddresses(random, length, 1).getFirst();
            String text = length == 4 ? text(candidate) + ":8333" : "[" + text(candidate) + "]:8333";
            if (!list.isBanned(text)) {
                out[i++] = text;
            }
        }
        return out;
    }

    private void check(String[] inputs, boolean banned) {
        for (String input : inputs) {
            if (list.isBanned(input) != banned) {
                throw new IllegalStateException(input + " should " + (banned ? "" : "not ") + "be banned");
            }
        }
    }

    /** Random addresses, IPv4 ones kept out of 0/8 and the IPv4-mapped/compatible IPv6 ranges. */
    private static List<byte[]> randomAddresses(Random random, int length, int count) {
        List<byte[]> out = new ArrayList<>(count);
        while (out.size() < count) {
            byte[] address = new byte[length];
            random.nextBytes(address);
            if (address[0] != 0) {
                out.add(address);
            }
        }
        return out;
    }

    private static String text(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static InetAddress[] addresses(String[] hostPorts) {
        InetAddress[] out = new InetAddress[hostPorts.length];
        for (int i = 0; i < hostPorts.length; i++) {
            String host = hostPorts[i].substring(0, hostPorts[i].lastIndexOf(':')).replace("[", "").replace("]", "");
            try {
                out[i] = InetAddress.getByName(host); // a literal: no name lookup
            } catch (UnknownHostException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
