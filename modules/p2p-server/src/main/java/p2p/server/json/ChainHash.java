package p2p.server.json;

import p2p.server.message.MalformedMessageException;

/**
 * A block, subtree or transaction hash string as Teranode parses it with {@code chainhash.NewHashFromStr} (spec
 * section 3.2): display hex of 0 to 64 characters, either case, an odd count taking a leading zero, shorter strings
 * left-padded with zeros (so {@code ""} is the all-zero hash); longer strings and non-hex characters are errors.
 */
public final class ChainHash {
    /** Characters of a full hash. */
    public static final int HEX_LENGTH = 64;

    private ChainHash() {
    }

    /** The canonical form Teranode re-emits (64 lower-case hex digits) of {@code text}. */
    public static String canonical(String text) throws MalformedMessageException {
        if (text.length() > HEX_LENGTH) {
            throw new MalformedMessageException("hash of " + text.length() + " characters is longer than "
                    + HEX_LENGTH + ": '" + text.substring(0, 40) + "...'");
        }
        StringBuilder out = new StringBuilder(HEX_LENGTH);
        out.repeat('0', HEX_LENGTH - text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
                out.append(c);
            } else if (c >= 'A' && c <= 'F') {
                out.append((char) (c + ('a' - 'A')));
            } else {
                throw new MalformedMessageException("hash '" + text + "' holds the non-hex character '" + c + "'");
            }
        }
        return out.toString();
    }
}
