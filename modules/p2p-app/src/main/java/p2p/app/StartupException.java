package p2p.app;

/** A part of the node failed to start; the message names the part so the operator knows where to look. */
public final class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String stage;

    StartupException(String stage, Throwable cause) {
        super("cannot start " + stage + ": " + describe(cause), cause);
        this.stage = stage;
    }

    /** The stage that failed, e.g. {@code ban list}. */
    public String stage() {
        return stage;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
