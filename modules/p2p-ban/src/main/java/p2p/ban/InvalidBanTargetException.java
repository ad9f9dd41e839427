package p2p.ban;

/** The text given as an IP or subnet is not one; the message names the input. */
public final class InvalidBanTargetException extends IllegalArgumentException {
    public InvalidBanTargetException(String message) {
        super(message);
    }
}
