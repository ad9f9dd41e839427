package p2p.web;

/** The operator server could not start; the message names the setting or file at fault. */
public final class WebStartException extends RuntimeException {
    public WebStartException(String message) {
        super(message);
    }

    public WebStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
