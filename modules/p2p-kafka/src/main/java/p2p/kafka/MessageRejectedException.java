package p2p.kafka;

/** Thrown by a {@link MessageHandler} for a value it will not handle (malformed or unwanted). */
public final class MessageRejectedException extends Exception {

    /**
     * @param reason why the value is rejected
     * @param cause the underlying error, may be null
     */
    public MessageRejectedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
