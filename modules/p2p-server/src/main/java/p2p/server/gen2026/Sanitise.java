package p2p.server.gen2026;

/**
 * Printable text and display strings (spec teranode-2026 1.5, Teranode PR #1545): a text is printable when it
 * holds no control character (C0, DEL, C1), no U+FFFD (what invalid UTF-8 becomes when read) and no unpaired
 * surrogate; display strings shown to operators are cut to their field's length (client_name 128, miner_name 256,
 * version 64, reason 1024) with any unprintable character replaced.
 */
public final class Sanitise {
    public static final int CLIENT_NAME = 128;
    public static final int MINER_NAME = 256;
    public static final int VERSION = 64;
    public static final int REASON = 1024;

    private Sanitise() {
    }

    public static boolean isPrintable(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!printable(text, i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean printable(String text, int i) {
        char c = text.charAt(i);
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\uFFFD') {
            return false;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
        }
        return true;
    }

    /** {@code text} cut to {@code max} characters (never inside a surrogate pair), unprintables as '?'. */
    public static String display(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && out.length() + 2 > max) {
                break;
            }
            out.append(printable(text, i) ? c : '?');
        }
        return out.toString();
    }
}
