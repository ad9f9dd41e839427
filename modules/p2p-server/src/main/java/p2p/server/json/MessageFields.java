package p2p.server.json;

import java.math.BigInteger;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import p2p.node.crypto.PeerId;
import p2p.server.message.MalformedMessageException;

/**
 * Typed access to the fields of one parsed message, with every error naming the message and the field: a missing key, a value of the wrong JSON type, an integer out of its Go type's range, a
 * hash that is not 64 hex digits, a peer id that does not parse.
 */
public final class MessageFields {
    private static final Pattern HASH = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern UNSIGNED = Pattern.compile("0|[1-9][0-9]*");
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final long UINT32_MAX = 0xFFFF_FFFFL;

    private final String message;
    private final Map<String, JsonValue> fields;

    private MessageFields(String message, Map<String, JsonValue> fields) {
        this.message = message;
        this.fields = fields;
    }

    /** Parses {@code utf8} as the message {@code message}, which must carry every one of {@code keys}. */
    public static MessageFields parse(String message, byte[] utf8, Set<String> keys) throws MalformedMessageException {
        Map<String, JsonValue> fields;
        try {
            fields = FlatJsonParser.parseObject(utf8);
        } catch (MalformedMessageException e) {
            throw new MalformedMessageException(message + " message: " + e.getMessage());
        }
        // Keys the message does not define are ignored, as Go's encoding/json does: newer Teranode releases add fields
        // (the handshake's TopicPrefix, for one), and refusing them would score honest peers as protocol violators.
        for (String key : keys) {
            if (!fields.containsKey(key)) {
                throw new MalformedMessageException(message + " message: missing field \"" + key + "\"");
            }
        }
        return new MessageFields(message, fields);
    }

    /** A string field. */
    public String string(String key) throws MalformedMessageException {
        JsonValue value = fields.get(key);
        if (value instanceof JsonValue.Text(String text)) {
            return text;
        }
        throw wrongType(key, "a string", value);
    }

    /** A hash field: 64 hex digits (display order), returned lower-case. */
    public String hash(String key) throws MalformedMessageException {
        String text = string(key);
        if (!HASH.matcher(text).matches()) {
            throw new MalformedMessageException(message + " message: field \"" + key + "\" is not a 64-hex-digit hash: '"
                    + abbreviate(text) + "'");
        }
        return text.toLowerCase(java.util.Locale.ROOT);
    }

    /** A hash field that may also be empty (the handshake's {@code bestHash} when the sender has no chain). */
    public String hashOrEmpty(String key) throws MalformedMessageException {
        return string(key).isEmpty() ? "" : hash(key);
    }

    /** A peer id field (base58 or CID form), returned as written. */
    public String peerId(String key) throws MalformedMessageException {
        String text = string(key);
        try {
            PeerId.parse(text);
        } catch (RuntimeException e) {
            throw new MalformedMessageException(message + " message: field \"" + key + "\" is not a peer id: '"
                    + abbreviate(text) + "'");
        }
        return text;
    }

    /** A Go {@code uint32} field. */
    public long uint32(String key) throws MalformedMessageException {
        BigInteger value = unsigned(key, "uint32");
        if (value.compareTo(BigInteger.valueOf(UINT32_MAX)) > 0) {
            throw new MalformedMessageException(message + " message: field \"" + key + "\" exceeds uint32: " + value);
        }
        return value.longValue();
    }

    /** A Go {@code uint64} field, returned as the long with the same 64 bits (read it as unsigned). */
    public long uint64(String key) throws MalformedMessageException {
        BigInteger value = unsigned(key, "uint64");
        if (value.compareTo(UINT64_MAX) > 0) {
            throw new MalformedMessageException(message + " message: field \"" + key + "\" exceeds uint64: "
                    + abbreviate(value.toString()));
        }
        return value.longValue();
    }

    private BigInteger unsigned(String key, String type) throws MalformedMessageException {
        JsonValue value = fields.get(key);
        if (!(value instanceof JsonValue.Number(String literal))) {
            throw wrongType(key, "a " + type, value);
        }
        // Go's decoder refuses fractions, exponents and signs for unsigned integer fields.
        if (!UNSIGNED.matcher(literal).matches() || literal.length() > 40) {
            throw new MalformedMessageException(message + " message: field \"" + key + "\" is not a " + type + ": "
                    + abbreviate(literal));
        }
        return new BigInteger(literal);
    }

    private MalformedMessageException wrongType(String key, String expected, JsonValue actual) {
        return new MalformedMessageException(message + " message: field \"" + key + "\" must be " + expected
                + ", got " + actual.typeName());
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
