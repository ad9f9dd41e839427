package p2p.server.json;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import p2p.server.message.MalformedMessageException;

/**
 * A Teranode message struct and how Go's {@code json.Unmarshal} fills it (spec section 3.2): each member of the
 * object is matched to a field by its exact name, else case-insensitively with Unicode simple folding; unknown
 * members are ignored whatever they hold; {@code null} leaves a field as it is; a later member for the same field
 * overwrites an earlier one; a missing field stays empty or zero. A value of the wrong JSON type, or a number that
 * is not an integer in the field's range (negative, fraction, exponent, overflow), refuses the whole message, as
 * Go's {@code UnmarshalTypeError} makes Teranode drop it. A top-level {@code null} is the all-empty message; any
 * other top-level value but an object is refused.
 */
public final class GoStruct {

    /** The Go field types the messages use. */
    public enum Kind {
        STRING, UINT32, UINT64;

        String goName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final BigInteger UINT64_LIMIT = BigInteger.ONE.shiftLeft(64);

    private final String typeName;
    private final List<String> names;
    private final List<Kind> kinds;

    private GoStruct(String typeName, Map<String, Kind> fields) {
        this.typeName = typeName;
        this.names = List.copyOf(fields.keySet());
        this.kinds = List.copyOf(fields.values());
        for (String name : names) {
            if (!name.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
                throw new IllegalArgumentException("field name " + name + " must be printable ASCII");
            }
        }
    }

    /** A struct named {@code typeName} (for errors) with {@code fields} as JSON names and kinds, in struct order. */
    public static GoStruct of(String typeName, Map<String, Kind> fields) {
        return new GoStruct(typeName, new LinkedHashMap<>(fields));
    }

    /** Alternating JSON names and kinds, in struct order. */
    public static GoStruct of(String typeName, Object... nameKindPairs) {
        Map<String, Kind> fields = new LinkedHashMap<>();
        for (int i = 0; i < nameKindPairs.length; i += 2) {
            fields.put((String) nameKindPairs[i], (Kind) nameKindPairs[i + 1]);
        }
        return new GoStruct(typeName, fields);
    }

    /** Decodes {@code utf8} into this struct's field values. */
    public Values decode(byte[] utf8) throws MalformedMessageException {
        GoJsonReader.Document document;
        try {
            document = GoJsonReader.read(utf8);
        } catch (MalformedMessageException e) {
            throw new MalformedMessageException(typeName + ": " + e.getMessage());
        }
        Object[] values = new Object[names.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = kinds.get(i) == Kind.STRING ? "" : (Object) 0L;
        }
        switch (document.top()) {
            case JsonValue.Null n -> {
                return new Values(values);
            }
            case JsonValue.Nested nested when nested.object() -> {
                // handled below
            }
            case JsonValue other -> throw new MalformedMessageException(typeName + ": cannot unmarshal "
                    + other.typeName() + " into Go value of type " + typeName);
        }
        for (GoJsonReader.Member member : document.members()) {
            int field = field(member.key());
            if (field >= 0 && !(member.value() instanceof JsonValue.Null)) {
                values[field] = convert(field, member.value());
            }
        }
        return new Values(values);
    }

    /** The field a key names: exact match first, then Go's case folding; -1 for none. */
    private int field(String key) {
        int index = names.indexOf(key);
        if (index >= 0) {
            return index;
        }
        for (int i = 0; i < names.size(); i++) {
            if (GoFold.equalFold(key, names.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private Object convert(int field, JsonValue value) throws MalformedMessageException {
        Kind kind = kinds.get(field);
        if (kind == Kind.STRING) {
            if (value instanceof JsonValue.Text(String text)) {
                return text;
            }
            throw typeError(field, value.typeName());
        }
        if (!(value instanceof JsonValue.Number(String literal))) {
            throw typeError(field, value.typeName());
        }
        // Go parses the literal with strconv.ParseUint: digits only, so a sign, fraction or exponent is refused.
        if (!literal.chars().allMatch(c -> c >= '0' && c <= '9') || literal.length() > 20) {
            throw typeError(field, "number " + abbreviate(literal));
        }
        BigInteger number = new BigInteger(literal);
        if (number.compareTo(UINT64_LIMIT) >= 0 || (kind == Kind.UINT32 && number.bitLength() > 32)) {
            throw typeError(field, "number " + literal);
        }
        return number.longValue();
    }

    private MalformedMessageException typeError(int field, String what) {
        return new MalformedMessageException(typeName + ": cannot unmarshal " + what + " into Go struct field "
                + typeName + "." + names.get(field) + " of type " + kinds.get(field).goName());
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }

    /** The decoded fields, by JSON name. */
    public final class Values {
        private final Object[] values;

        private Values(Object[] values) {
            this.values = values;
        }

        public String string(String name) {
            return (String) values[index(name, Kind.STRING)];
        }

        /** A uint32 field, 0..4294967295. */
        public long uint32(String name) {
            return (Long) values[index(name, Kind.UINT32)];
        }

        /** A uint64 field, as the long with the same 64 bits (read it unsigned). */
        public long uint64(String name) {
            return (Long) values[index(name, Kind.UINT64)];
        }

        private int index(String name, Kind kind) {
            int index = names.indexOf(name);
            if (index < 0 || kinds.get(index) != kind) {
                throw new IllegalArgumentException(typeName + " has no " + kind.goName() + " field " + name);
            }
            return index;
        }
    }

    @Override
    public String toString() {
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            fields.add(names.get(i) + " " + kinds.get(i).goName());
        }
        return typeName + Objects.toString(fields);
    }
}
