package p2p.server.message;

import java.util.Objects;

/**
 * Argument checks shared by the message records: the values a Go struct could hold (no null strings, numbers in
 * their Go type's range). Hash strings are kept as written: Go's decoder does not check them, its handlers parse
 * them later ({@link p2p.server.json.ChainHash}).
 */
final class Checks {
    private Checks() {
    }

    static long uint32(String field, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(field + " must fit a uint32, got " + value);
        }
        return value;
    }

    static String text(String field, String value) {
        return Objects.requireNonNull(value, field);
    }
}
