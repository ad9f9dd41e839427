package p2p.testkit.fuzz;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One edit of a valid encoding, as a value jqwik can generate and shrink: a failing input is reported as the valid
 * encoding plus the list of edits that broke the decoder. Positions are taken modulo the input length, so every
 * edit applies to every input. The kinds are the classic mutations of byte fuzzers plus the ones that matter for
 * length-prefixed formats: a varint, a 16-bit or a 32-bit big-endian length set to its largest value.
 *
 * @param kind what to do
 * @param at where (modulo the current length)
 * @param value the byte written, the count deleted or duplicated, depending on {@code kind}
 */
public record Mutation(Kind kind, int at, int value) {

    /** The edits. */
    public enum Kind {
        /** Flips bit {@code value % 8} of one byte. */
        FLIP_BIT,
        /** Overwrites one byte with {@code value}. */
        SET_BYTE,
        /** Inserts the byte {@code value}. */
        INSERT,
        /** Deletes {@code 1 + value % 16} bytes. */
        DELETE,
        /** Cuts the input at {@code at}. */
        TRUNCATE,
        /** Overwrites with a 9-byte varint of 2^63 - 1 (the largest a libp2p varint can carry). */
        HUGE_VARINT,
        /** Overwrites with a 5-byte varint of 2^32 - 1 (past every int-sized limit). */
        BIG_VARINT,
        /** Overwrites two bytes with 0xFFFF (the largest 16-bit length). */
        HUGE_BE16,
        /** Overwrites four bytes with 0x7FFFFFFF (the largest 32-bit signed length). */
        HUGE_BE32,
        /** Repeats {@code 1 + value % 64} bytes from {@code at} right after them. */
        DUPLICATE,
        /** Inserts {@code 1 + value % 64} zero bytes. */
        ZEROS
    }

    /** @return arbitrary single edits */
    public static Arbitrary<Mutation> any() {
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 1 << 20),
                Arbitraries.integers().between(0, 255)).as(Mutation::new);
    }

    /** @return lists of 1 to 6 edits */
    public static Arbitrary<List<Mutation>> lists() {
        return any().list().ofMinSize(1).ofMaxSize(6);
    }

    /**
     * @param input the bytes to edit (not changed)
     * @param edits the edits, applied in order
     * @return the edited copy
     */
    public static byte[] apply(byte[] input, List<Mutation> edits) {
        byte[] out = input;
        for (Mutation m : edits) {
            out = m.apply(out);
        }
        return out;
    }

    /**
     * The same edits on the UTF-8 bytes of a text, read back as UTF-8 (malformed sequences become U+FFFD, as any
     * reader of bytes from the network would see them).
     *
     * @param input the text
     * @param edits the edits
     * @return the edited text
     */
    public static String apply(String input, List<Mutation> edits) {
        return new String(apply(input.getBytes(StandardCharsets.UTF_8), edits), StandardCharsets.UTF_8);
    }

    /**
     * @param in the bytes to edit (not changed)
     * @return the edited copy
     */
    public byte[] apply(byte[] in) {
        int n = in.length;
        int pos = n == 0 ? 0 : at % n;
        switch (kind) {
            case FLIP_BIT -> {
                if (n == 0) {
                    return in;
                }
                byte[] out = in.clone();
                out[pos] ^= (byte) (1 << (value % 8));
                return out;
            }
            case SET_BYTE -> {
                if (n == 0) {
                    return new byte[] {(byte) value};
                }
                byte[] out = in.clone();
                out[pos] = (byte) value;
                return out;
            }
            case INSERT -> {
                return splice(in, at % (n + 1), 0, new byte[] {(byte) value});
            }
            case DELETE -> {
                return n == 0 ? in : splice(in, pos, Math.min(n - pos, 1 + value % 16), new byte[0]);
            }
            case TRUNCATE -> {
                return Arrays.copyOf(in, pos);
            }
            case HUGE_VARINT -> {
                byte[] v = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                        (byte) 0xff, (byte) 0xff, 0x7f};
                return overwrite(in, pos, v);
            }
            case BIG_VARINT -> {
                return overwrite(in, pos, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f});
            }
            case HUGE_BE16 -> {
                return overwrite(in, pos, new byte[] {(byte) 0xff, (byte) 0xff});
            }
            case HUGE_BE32 -> {
                return overwrite(in, pos, new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            }
            case DUPLICATE -> {
                if (n == 0) {
                    return in;
                }
                byte[] part = Arrays.copyOfRange(in, pos, Math.min(n, pos + 1 + value % 64));
                return splice(in, pos + part.length, 0, part);
            }
            case ZEROS -> {
                return splice(in, at % (n + 1), 0, new byte[1 + value % 64]);
            }
            default -> throw new IllegalStateException(kind.name());
        }
    }

    private static byte[] overwrite(byte[] in, int pos, byte[] with) {
        byte[] out = Arrays.copyOf(in, Math.max(in.length, pos + with.length));
        System.arraycopy(with, 0, out, pos, with.length);
        return out;
    }

    private static byte[] splice(byte[] in, int pos, int remove, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + insert.length);
        out.write(in, 0, pos);
        out.write(insert, 0, insert.length);
        out.write(in, pos + remove, in.length - pos - remove);
        return out.toByteArray();
    }
}
