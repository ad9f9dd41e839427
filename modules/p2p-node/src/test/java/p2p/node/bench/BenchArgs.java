package p2p.node.bench;

import java.util.Arrays;

/** Command-line options of the side-by-side benchmarks: {@code --name value} integers and bare flags. */
final class BenchArgs {
    private BenchArgs() {
    }

    /** The integer after {@code name}, or {@code fallback} when the option is absent. */
    static int intArg(String[] args, String name, int fallback) {
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
    static boolean flag(String[] args, String name) {
        return Arrays.asList(args).contains(name);
    }
}
