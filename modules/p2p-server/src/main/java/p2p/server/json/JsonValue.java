package p2p.server.json;

/** One scalar JSON value of a flat message object; nested objects and arrays are not part of any topic message. */
public sealed interface JsonValue {

    /** A string, unescaped. */
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

    /** The JSON type name, for error messages. */
    default String typeName() {
        return switch (this) {
            case Text t -> "string";
            case Number n -> "number";
            case Bool b -> "boolean";
            case Null n -> "null";
        };
    }
}
