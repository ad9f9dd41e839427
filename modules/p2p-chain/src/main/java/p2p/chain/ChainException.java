package p2p.chain;

/** A call to a Teranode service failed; the message names the rpc, the address and the gRPC status. */
public final class ChainException extends RuntimeException {
    public ChainException(String message) {
        super(message);
    }

    public ChainException(String message, Throwable cause) {
        super(message, cause);
    }
}
