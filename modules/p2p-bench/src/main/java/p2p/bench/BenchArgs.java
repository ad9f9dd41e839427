package p2p.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import p2p.testkit.go.GoPeer;
import p2p.testkit.js.JsPeer;

/**
 * Command-line options of the side-by-side benchmarks ({@code --name value} integers, bare flags, which sides run)
 * and what they print besides their figures (ratios, the machine load).
 */
public final class BenchArgs {
    private BenchArgs() {
    }

    /** The integer after {@code name}, or {@code fallback} when the option is absent. */
    public static int intArg(String[] args, String name, int fallback) {
        int i = Arrays.asList(args).indexOf(name);
        if (i < 0) {
            return fallback;
        }
        if (i + 1 >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        try {
            return Integer.parseInt(args[i + 1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer: " + args[i + 1], e);
        }
    }

    /** Whether the bare flag {@code name} is given. */
    public static boolean flag(String[] args, String name) {
        return Arrays.asList(args).contains(name);
    }

    /** Which sides run: all three, or the one {@code --java-only}, {@code --go-only} or {@code --js-only} names. */
    public record Sides(boolean java, boolean go, boolean js) {
    }

    public static Sides sides(String[] args) {
        boolean javaOnly = flag(args, "--java-only");
        boolean goOnly = flag(args, "--go-only");
        boolean jsOnly = flag(args, "--js-only");
        if ((javaOnly ? 1 : 0) + (goOnly ? 1 : 0) + (jsOnly ? 1 : 0) > 1) {
            throw new IllegalArgumentException("give at most one of --java-only, --go-only, --js-only");
        }
        boolean all = !javaOnly && !goOnly && !jsOnly;
        return new Sides(all || javaOnly, all || goOnly, all || jsOnly);
    }

    /** Fails with what to install when a side that runs has no harness here. */
    public static void requireHarnesses(Sides sides) {
        if (sides.js() && !JsPeer.available()) {
            throw new IllegalStateException("node or " + JsPeer.harnessDir() + "/node_modules missing: run the Maven "
                    + "build of modules/p2p-node once (it runs npm ci), or pass --java-only / --go-only");
        }
        if (sides.go() && !GoPeer.available()) {
            throw new IllegalStateException("go (1.24 or newer) is not installed, or -Dskip.go=true: install Go, or "
                    + "pass --java-only / --js-only");
        }
    }

    /** {@code a / b} with two decimals, or n/a when either side has no figure. */
    public static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "n/a" : String.format("%.2f", a / b);
    }

    /** The load averages, to judge the figures on a shared machine. */
    public static String uptime() {
        try {
            Process p = new ProcessBuilder("uptime").redirectErrorStream(true).start();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line = in.readLine();
                p.waitFor(5, TimeUnit.SECONDS);
                return line == null ? "unknown" : line.trim();
            }
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
