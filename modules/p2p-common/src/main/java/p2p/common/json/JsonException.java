package p2p.common.json;

/** Text that is not the JSON expected; the message names what was read and where it went wrong. */
public final class JsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JsonException(String message) {
        super(message);
    }
}
