package p2p.server.json;

/**
 * Go's case-insensitive key match ({@code encoding/json} folds names with Unicode simple case folding, the
 * equivalence of {@code bytes.EqualFold}), for the ASCII field names of the Teranode structs. The simple-folding
 * classes that hold an ASCII letter hold only two other characters: U+212A KELVIN SIGN (with k) and U+017F LATIN
 * SMALL LETTER LONG S (with s); so {@code "haſh"} names {@code Hash}, while the Turkish dotted and dotless i, which
 * fold only under full or Turkic folding, do not name an i. (The JDK's {@code equalsIgnoreCase} would match those.)
 */
final class GoFold {
    private GoFold() {
    }

    /** Whether {@code key} folds to the same name as {@code asciiName}. */
    static boolean equalFold(String key, String asciiName) {
        int i = 0;
        int j = 0;
        while (i < key.length() && j < asciiName.length()) {
            int cp = key.codePointAt(i);
            i += Character.charCount(cp);
            if (!foldsTo(cp, asciiName.charAt(j++))) {
                return false;
            }
        }
        return i == key.length() && j == asciiName.length();
    }

    private static boolean foldsTo(int cp, char name) {
        if (cp == name) {
            return true;
        }
        char lower = lower(name);
        if (lower < 'a' || lower > 'z') {
            return false;
        }
        if (cp < 0x80) {
            return lower((char) cp) == lower;
        }
        return (cp == 0x212A && lower == 'k') || (cp == 0x017F && lower == 's');
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
