package p2p.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Several hosts on one machine for the multi-host tests (issue 18 item 1): {@code hosts} Linux network namespaces
 * {@code p2pt-<run>-<i>}, each with loopback up and one interface {@code eth0} holding {@code 10.203.<run>.<10+i>/24},
 * the other end of each veth pair plugged into bridge {@code br0} inside a lab namespace {@code p2pt-<run>-lab}. The
 * root namespace gets no interface, address or route: the lab network exists only inside the lab, has no gateway and
 * no default route, so nothing a host sends can reach the machine's interfaces, and nothing outside can reach a host.
 * The test JVM talks to the hosts only through {@link SocketTunnel} socket files.
 *
 * <p>Everything is removed by {@link #close()}, by a JVM shutdown hook when a test run is cut short, and at the next
 * lab's start by a sweep of {@code p2pt-*} namespaces whose owning JVM (the pid in {@code <run>}) is gone. Without
 * root, {@code ip} or CAP_NET_ADMIN the lab refuses to run: a skipped test with the reason, or a failure when
 * {@code CI=true} (CI has root, so a skip there would hide a broken machine).
 */
final class NetnsLab implements AutoCloseable {
    static final String PREFIX = "p2pt-";
    /** The lab's /16: not in use on this machine (checked at start); each run takes one /24 of it. */
    private static final String RANGE = "10.203.";
    private static final long COMMAND_TIMEOUT_SECONDS = 30;
    private static final Pattern CIDR = Pattern.compile("(?<![\\d.])(\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3})(?:/(\\d{1,2}))?");

    private final String run;
    private final int subnetByte;
    private final int hosts;
    private final Path dir;
    private final Thread cleanup;
    private final List<String> created = new ArrayList<>(); // namespaces made so far; guarded by this

    private NetnsLab(int hosts) throws IOException {
        this.run = Long.toString(ProcessHandle.current().pid());
        this.subnetByte = (int) (ProcessHandle.current().pid() % 250) + 1;
        this.hosts = hosts;
        this.dir = Files.createTempDirectory(Path.of("/tmp"), PREFIX + run + "-");
        this.cleanup = new Thread(this::removeAll, "netns-lab-cleanup-" + run);
    }

    /**
     * Makes the lab, or aborts the calling test (fails it when {@code CI=true}) where namespaces cannot be made.
     *
     * @param hosts 1 to 200 host namespaces
     */
    static NetnsLab create(int hosts) {
        if (hosts < 1 || hosts > 200) {
            throw new IllegalArgumentException("a lab has 1 to 200 hosts, not " + hosts);
        }
        String refusal = refusal();
        if (refusal != null) {
            String message = "multi-host tests need Linux network namespaces: " + refusal;
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(message + " (CI=true: CI runs as root, so this machine is broken)");
            }
            Assumptions.abort(message);
        }
        sweepStale();
        NetnsLab lab;
        try {
            lab = new NetnsLab(hosts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(lab.cleanup);
        try {
            lab.build();
        } catch (RuntimeException | Error e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    /** Why namespaces cannot be made here, or null when they can. */
    private static String refusal() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (!Integer.valueOf(0).equals(uid)) {
                return "not root (uid " + uid + "); run as root or with CAP_NET_ADMIN and CAP_SYS_ADMIN";
            }
        } catch (IOException | UnsupportedOperationException e) {
            return "cannot tell the user id (" + e + "): not Linux?";
        }
        String probe = PREFIX + ProcessHandle.current().pid() + "-probe";
        try {
            Result version = exec(List.of("ip", "-V"));
            if (version.exit != 0) {
                return "'ip -V' failed: " + version.output;
            }
            Result add = exec(List.of("ip", "netns", "add", probe));
            if (add.exit != 0) {
                return "'ip netns add' failed (no CAP_NET_ADMIN?): " + add.output.strip();
            }
            exec(List.of("ip", "netns", "del", probe));
            return null;
        } catch (IOException e) {
            return "no 'ip' command (install iproute2): " + e.getMessage();
        }
    }

    /** Removes namespaces a crashed earlier run left: those whose owning JVM is no longer alive. */
    private static void sweepStale() {
        for (String ns : namespaces()) {
            String[] parts = ns.substring(PREFIX.length()).split("-", 2);
            boolean owned = parts.length == 2 && parts[0].chars().allMatch(Character::isDigit)
                    && ProcessHandle.of(Long.parseLong(parts[0])).map(ProcessHandle::isAlive).orElse(false);
            if (!owned) {
                killProcessesIn(ns);
                execOrThrow(List.of("ip", "netns", "del", ns));
                System.err.println("netns lab: removed stale namespace " + ns + " of an earlier run");
            }
        }
    }

    private static List<String> namespaces() {
        return Stream.of(execOrThrow(List.of("ip", "netns", "list")).split("\n"))
                .map(line -> line.split(" ")[0].strip())
                .filter(name -> name.startsWith(PREFIX))
                .toList();
    }

    /** kill -9 of the processes a namespace still holds: only ever ones this harness started in it. */
    private static void killProcessesIn(String ns) {
        for (String pid : execOrThrow(List.of("ip", "netns", "pids", ns)).split("\\s+")) {
            if (!pid.isBlank()) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private void build() {
        checkRangeUnused();
        String lab = labNamespace();
        addNamespace(lab);
        ip("-n", lab, "link", "add", "br0", "type", "bridge");
        ip("-n", lab, "link", "set", "br0", "up");
        for (int i = 1; i <= hosts; i++) {
            String host = host(i);
            addNamespace(host);
            ip("-n", host, "link", "set", "lo", "up");
            ip("-n", lab, "link", "add", "v" + i, "type", "veth", "peer", "name", "eth0", "netns", host);
            ip("-n", lab, "link", "set", "v" + i, "master", "br0");
            ip("-n", lab, "link", "set", "v" + i, "up");
            ip("-n", host, "addr", "add", address(i).getHostAddress() + "/24", "dev", "eth0");
            ip("-n", host, "link", "set", "eth0", "up");
        }
    }

    /** The lab's /24 must not overlap a route or address of the root namespace (else a host could shadow it). */
    private void checkRangeUnused() {
        String routes = execOrThrow(List.of("ip", "-4", "-o", "route", "show", "table", "all"));
        String addresses = execOrThrow(List.of("ip", "-4", "-o", "addr", "show"));
        long lab = ipv4(RANGE + subnetByte + ".0");
        Matcher cidr = CIDR.matcher(routes + "\n" + addresses);
        while (cidr.find()) {
            int length = cidr.group(2) == null ? 32 : Integer.parseInt(cidr.group(2));
            int common = Math.min(length, 24);
            long mask = common == 0 ? 0 : (0xFFFFFFFFL << (32 - common)) & 0xFFFFFFFFL;
            if ((ipv4(cidr.group(1)) & mask) == (lab & mask)) {
                throw new IllegalStateException("the lab network " + RANGE + subnetByte + ".0/24 overlaps "
                        + cidr.group() + " of this machine; the multi-host tests need it unused");
            }
        }
    }

    private static long ipv4(String dotted) {
        long value = 0;
        for (String part : dotted.split("\\.")) {
            value = (value << 8) | Integer.parseInt(part);
        }
        return value;
    }

    private synchronized void addNamespace(String name) {
        ip("netns", "add", name);
        created.add(name);
    }

    /** The namespace of host {@code i} (1-based). */
    String host(int i) {
        if (i < 1 || i > hosts) {
            throw new IllegalArgumentException("host " + i + " not in 1.." + hosts);
        }
        return PREFIX + run + "-" + i;
    }

    private String labNamespace() {
        return PREFIX + run + "-lab";
    }

    /** Host {@code i}'s address on the lab network. */
    InetAddress address(int i) {
        try {
            return InetAddress.getByName(RANGE + subnetByte + "." + (10 + i));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    int hosts() {
        return hosts;
    }

    /** A short private directory for this run's socket files and node data (Unix socket paths are capped at 107 bytes). */
    Path dir() {
        return dir;
    }

    /** {@code command} as run inside host {@code i}: prefix it to a {@link ProcessBuilder} command. */
    List<String> inHost(int i, List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", host(i)));
        full.addAll(command);
        return full;
    }

    /** Runs {@code command} in host {@code i} to its end; returns its output, or throws when it exits non-zero. */
    String run(int i, String... command) {
        return execOrThrow(inHost(i, List.of(command)));
    }

    /**
     * Pulls host {@code i}'s cable: its port on the lab bridge goes down, so its frames go nowhere and none reach it.
     * The host's own interface and address stay as they are (its carrier drops), as with a cut link or a dead switch.
     */
    void linkDown(int i) {
        host(i);
        ip("-n", labNamespace(), "link", "set", "v" + i, "down");
    }

    /** Plugs host {@code i}'s cable back in. */
    void linkUp(int i) {
        host(i);
        ip("-n", labNamespace(), "link", "set", "v" + i, "up");
    }

    @Override
    public void close() {
        removeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself
        }
    }

    private synchronized void removeAll() {
        for (String ns : created.reversed()) {
            killProcessesIn(ns);
            exec(List.of("ip", "netns", "del", ns), true);
        }
        created.clear();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp directory already gone
        }
    }

    private static void ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        execOrThrow(command);
    }

    private static String execOrThrow(List<String> command) {
        try {
            Result result = exec(command);
            if (result.exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + result.exit + ": "
                        + result.output.strip());
            }
            return result.output;
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    private static void exec(List<String> command, boolean quiet) {
        try {
            Result result = exec(command);
            if (result.exit != 0 && !quiet) {
                throw new IllegalStateException(String.join(" ", command) + ": " + result.output);
            }
        } catch (IOException e) {
            if (!quiet) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result exec(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not end within " + COMMAND_TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
