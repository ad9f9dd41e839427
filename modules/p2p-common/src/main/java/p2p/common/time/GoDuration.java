package p2p.common.time;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;

/**
 * Durations as Go's {@code time.ParseDuration} reads them, which is how Teranode reads its duration settings
 * (gocore's {@code GetDuration}) and its Kafka URL query values: an optional sign, then one or more decimal numbers
 * each with a unit ({@code ns}, {@code us}, {@code µs}, {@code μs}, {@code ms}, {@code s}, {@code m}, {@code h}),
 * such as {@code 24h}, {@code 1h30m}, {@code 1.5s} or {@code .5s}; {@code 0} alone is zero. Anything else is
 * refused as Go refuses it: a bare number other than 0 ("missing unit"), an unknown unit such as {@code d}, or more
 * than Go's int64 nanoseconds (about 292 years). Callers decide whether zero or negative durations make sense.
 */
public final class GoDuration {
    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

    private GoDuration() {
    }

    /**
     * @throws IllegalArgumentException saying, as Go does, what is wrong with {@code text}
     */
    public static Duration parse(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(text);
        }
        BigDecimal total = BigDecimal.ZERO;
        int at = 0;
        while (at < s.length()) {
            int start = at;
            while (at < s.length() && (Character.isDigit(s.charAt(at)) && s.charAt(at) < 128)) {
                at++;
            }
            boolean digitsBefore = at > start;
            boolean digitsAfter = false;
            if (at < s.length() && s.charAt(at) == '.') {
                at++;
                int fraction = at;
                while (at < s.length() && (Character.isDigit(s.charAt(at)) && s.charAt(at) < 128)) {
                    at++;
                }
                digitsAfter = at > fraction;
            }
            if (!digitsBefore && !digitsAfter) {
                throw invalid(text);
            }
            String number = bounded(s.substring(start, at), text);
            int unitStart = at;
            while (at < s.length() && s.charAt(at) != '.' && !(Character.isDigit(s.charAt(at)) && s.charAt(at) < 128)) {
                at++;
            }
            String unit = s.substring(unitStart, at);
            if (unit.isEmpty()) {
                throw new IllegalArgumentException("time: missing unit in duration \"" + text + "\"");
            }
            long unitNanos = switch (unit) {
                case "ns" -> 1L;
                case "us", "\u00b5s", "\u03bcs" -> 1_000L; // the micro sign and the Greek mu, as Go takes both
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw new IllegalArgumentException("time: unknown unit \"" + unit + "\" in duration \""
                        + text + "\"");
            };
            total = total.add(new BigDecimal(number)
                    .multiply(BigDecimal.valueOf(unitNanos)));
            if (total.toBigInteger().compareTo(MAX_NANOS) > 0) {
                throw invalid(text);
            }
        }
        long nanos = total.toBigInteger().longValueExact();
        return Duration.ofNanos(negative ? -nanos : nanos);
    }

    /**
     * The number with its integer part checked (more than 19 digits after leading zeros overflows int64, as in Go)
     * and its fraction cut to 30 digits (Go stops using fraction digits once they no longer change the nanoseconds),
     * so a hostile million-digit number costs no arithmetic.
     */
    private static String bounded(String number, String text) {
        int dot = number.indexOf('.');
        String integer = (dot < 0 ? number : number.substring(0, dot)).replaceFirst("^0+", "");
        if (integer.length() > 19) {
            throw invalid(text);
        }
        String fraction = dot < 0 ? "" : number.substring(dot + 1);
        if (fraction.length() > 30) {
            fraction = fraction.substring(0, 30);
        }
        return (integer.isEmpty() ? "0" : integer) + (fraction.isEmpty() ? "" : "." + fraction);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("time: invalid duration \"" + text + "\"");
    }
}
