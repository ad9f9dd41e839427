package p2p.server.message;

import java.util.Objects;
import java.util.regex.Pattern;

/** Argument checks shared by the message records, so a message we build can always be decoded by a peer. */
final class Checks {
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private Checks() {
    }

    static String hash(String field, String value) {
        Objects.requireNonNull(value, field);
        if (!HASH.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be 64 lower-case hex digits, got '" + value + "'");
        }
        return value;
    }

    static String hashOrEmpty(String field, String value) {
        Objects.requireNonNull(value, field);
        return value.isEmpty() ? value : hash(field, value);
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
