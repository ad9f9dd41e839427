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

    /**
     * The Go field types the messages use. The 2026 generation adds signed integers, {@code float64} (plain and
     * pointer), {@code []byte} (the envelope's base64 {@code data}) and nested structs (plain and pointer, held as
     * the raw objects that filled them, which the caller decodes with the nested struct's own {@link GoStruct}).
     */
    public enum Kind {
        STRING("string"), UINT32("uint32"), UINT64("uint64"), INT64("int64"), FLOAT64("float64"),
        FLOAT64_POINTER("*float64"), BYTES("[]uint8"), OBJECT("struct"), OBJECT_POINTER("*struct");

        private final String goName;

        Kind(String goName) {
            this.goName = goName;
        }

        String goName() {
            return goName;
        }

        /** A pointer or slice: JSON {@code null} sets it back to nil instead of leaving it alone. */
        boolean nullable() {
            return this == FLOAT64_POINTER || this == BYTES || this == OBJECT_POINTER;
        }

        Object zero() {
            return switch (this) {
                case STRING -> "";
                case UINT32, UINT64, INT64 -> 0L;
                case FLOAT64 -> 0.0;
                case OBJECT -> List.of();
                case FLOAT64_POINTER, BYTES, OBJECT_POINTER -> null;
            };
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
        return decodeInto(List.of(utf8));
    }

    /**
     * Decodes {@code documents} one after the other into the same struct, as Go fills a nested struct that a
     * message names twice (the second object's members overwrite the first's, the rest stay).
     */
    public Values decodeInto(List<byte[]> documents) throws MalformedMessageException {
        Object[] values = new Object[names.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = kinds.get(i).zero();
        }
        for (byte[] utf8 : documents) {
            fill(utf8, values);
        }
        return new Values(values);
    }

    private void fill(byte[] utf8, Object[] values) throws MalformedMessageException {
        GoJsonReader.Document document;
        try {
            document = GoJsonReader.read(utf8);
        } catch (MalformedMessageException e) {
            throw new MalformedMessageException(typeName + ": " + e.getMessage());
        }
        switch (document.top()) {
            case JsonValue.Null n -> {
                return;
            }
            case JsonValue.Nested nested when nested.object() -> {
                // handled below
            }
            case JsonValue other -> throw new MalformedMessageException(typeName + ": cannot unmarshal "
                    + other.typeName() + " into Go value of type " + typeName);
        }
        for (GoJsonReader.Member member : document.members()) {
            int field = field(member.key());
            if (field < 0) {
                continue;
            }
            if (member.value() instanceof JsonValue.Null) {
                if (kinds.get(field).nullable()) {
                    values[field] = null;
                }
            } else {
                values[field] = convert(field, member.value(), values[field]);
            }
        }
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

    private Object convert(int field, JsonValue value, Object previous) throws MalformedMessageException {
        Kind kind = kinds.get(field);
        switch (kind) {
            case STRING -> {
                if (value instanceof JsonValue.Text(String text)) {
                    return text;
                }
                throw typeError(field, value.typeName());
            }
            case BYTES -> {
                return switch (value) {
                    case JsonValue.Text(String text) -> GoBase64.decode(text, typeName + "." + names.get(field));
                    case JsonValue.Nested nested when !nested.object() -> byteArray(field, nested.raw());
                    default -> throw typeError(field, value.typeName());
                };
            }
            case OBJECT, OBJECT_POINTER -> {
                if (value instanceof JsonValue.Nested nested && nested.object()) {
                    List<byte[]> objects = new ArrayList<>(previous == null ? List.of() : objectList(previous));
                    objects.add(nested.raw());
                    return List.copyOf(objects);
                }
                throw typeError(field, value.typeName());
            }
            case FLOAT64, FLOAT64_POINTER -> {
                if (value instanceof JsonValue.Number(String literal)) {
                    // Go's strconv.ParseFloat: correctly rounded, out of range is an error (underflow is 0).
                    double number = Double.parseDouble(literal);
                    if (Double.isInfinite(number)) {
                        throw typeError(field, "number " + abbreviate(literal));
                    }
                    return number;
                }
                throw typeError(field, value.typeName());
            }
            default -> {
                if (!(value instanceof JsonValue.Number(String literal))) {
                    throw typeError(field, value.typeName());
                }
                return integer(field, literal);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<byte[]> objectList(Object value) {
        return (List<byte[]>) value;
    }

    /** Go's integer kinds: strconv.ParseUint or ParseInt, so only digits (and a '-' for signed) are accepted. */
    private long integer(int field, String literal) throws MalformedMessageException {
        Kind kind = kinds.get(field);
        boolean signed = kind == Kind.INT64;
        String digits = signed && literal.startsWith("-") ? literal.substring(1) : literal;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9') || digits.length() > 20) {
            throw typeError(field, "number " + abbreviate(literal));
        }
        BigInteger number = new BigInteger(literal);
        boolean fits = switch (kind) {
            case UINT32 -> number.bitLength() <= 32;
            case UINT64 -> number.compareTo(UINT64_LIMIT) < 0;
            default -> number.bitLength() <= 63;
        };
        if (!fits) {
            throw typeError(field, "number " + literal);
        }
        return number.longValue();
    }

    /**
     * A JSON array into {@code []byte}, as Go fills a byte slice from an array of numbers (each 0..255; a
     * {@code null} element is 0). The array's syntax was checked by the reader, so any element that is not a
     * plain number or null (a string, even one holding a comma) fails as Go fails it.
     */
    private byte[] byteArray(int field, byte[] raw) throws MalformedMessageException {
        String text = new String(raw, 1, raw.length - 2, java.nio.charset.StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return new byte[0];
        }
        String[] elements = text.split(",", -1);
        byte[] out = new byte[elements.length];
        for (int i = 0; i < elements.length; i++) {
            String element = elements[i].strip();
            if (element.equals("null")) {
                continue;
            }
            if (element.isEmpty() || !element.chars().allMatch(c -> c >= '0' && c <= '9') || element.length() > 3
                    || Integer.parseInt(element) > 255) {
                throw new MalformedMessageException(typeName + ": cannot unmarshal " + abbreviate(element)
                        + " into Go struct field " + typeName + "." + names.get(field) + " of type uint8");
            }
            out[i] = (byte) Integer.parseInt(element);
        }
        return out;
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

        /** An int64 field (Go's {@code int} on 64-bit platforms too). */
        public long int64(String name) {
            return (Long) values[index(name, Kind.INT64)];
        }

        public double float64(String name) {
            return (Double) values[index(name, Kind.FLOAT64)];
        }

        /** A {@code *float64} field: empty when the message left it nil. */
        public java.util.OptionalDouble float64Pointer(String name) {
            Double value = (Double) values[index(name, Kind.FLOAT64_POINTER)];
            return value == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(value);
        }

        /** A {@code []byte} field: null when the message left it nil. */
        public byte[] bytes(String name) {
            byte[] value = (byte[]) values[index(name, Kind.BYTES)];
            return value == null ? null : value.clone();
        }

        /** The raw objects that filled a nested struct field, in order (none: the zero struct). */
        public List<byte[]> object(String name) {
            return objectList(values[index(name, Kind.OBJECT)]);
        }

        /** The raw objects that filled a pointer-to-struct field; empty when the message left it nil. */
        public java.util.Optional<List<byte[]>> objectPointer(String name) {
            return java.util.Optional.ofNullable(values[index(name, Kind.OBJECT_POINTER)]).map(GoStruct::objectList);
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
