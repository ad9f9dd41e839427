package p2p.server.json;

/**
 * One JSON value as the topic messages need it: scalars are kept (decoded strings, number literals), a nested object
 * or array by its kind and its raw, syntax-checked bytes: the 2026 {@code fee_policy} field holds an object, which
 * {@link GoStruct} decodes from those bytes; under unknown keys Go skips them.
 */
public sealed interface JsonValue {

    /** A string, unescaped as Go's {@code encoding/json} unescapes it. */
    record Text(String value) implements JsonValue {
    }

    /** A number as written (grammar of RFC 8259 section 6); the field reader decides what range it accepts. */
    record Number(String literal) implements JsonValue {
    }

    /** {@code true} or {@code false}. */
    record Bool(boolean value) implements JsonValue {
    }

    /** {@code null}. */
    record Null() implements JsonValue {
    }

    /** A nested object or array, syntax-checked; {@code raw} is its text as it stood in the document. */
    record Nested(boolean object, byte[] raw) implements JsonValue {
        public Nested(boolean object) {
            this(object, new byte[0]);
        }
    }

    /** The JSON type name, as Go's {@code UnmarshalTypeError} calls it. */
    default String typeName() {
        return switch (this) {
            case Text t -> "string";
            case Number n -> "number";
            case Bool b -> "bool";
            case Null n -> "null";
            case Nested n -> n.object() ? "object" : "array";
        };
    }
}
