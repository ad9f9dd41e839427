package p2p.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;

import java.util.Objects;

/**
 * A {@link MessageHandler} that decodes each value as one protobuf message before passing it on; a value that does
 * not decode is rejected, so a malformed message is counted and passed over. A value over {@value #MAX_VALUE_BYTES}
 * bytes is rejected before parsing (Teranode's topic messages are hashes, URLs and reasons, well under a kilobyte;
 * the consumer hands over a record of any size), so decoding allocates at most a few times that bound.
 *
 * @param <T> the message type, e.g. {@code KafkaRejectedTxTopicMessage}
 */
public final class ProtobufHandler<T extends MessageLite> implements MessageHandler {

    /**
     * Receives decoded messages.
     *
     * @param <T> the message type
     */
    @FunctionalInterface
    public interface Receiver<T> {
        /**
         * @param message the decoded message
         * @throws Exception when handling fails
         */
        void receive(T message) throws Exception;
    }

    /** The largest value decoded. */
    public static final int MAX_VALUE_BYTES = 1 << 20;

    private final Parser<T> parser;
    private final Receiver<? super T> receiver;

    private ProtobufHandler(Parser<T> parser, Receiver<? super T> receiver) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.receiver = Objects.requireNonNull(receiver, "receiver");
    }

    /**
     * @param parser the message's parser, e.g. {@code KafkaRejectedTxTopicMessage.parser()}
     * @param receiver what to do with each decoded message
     * @param <T> the message type
     * @return the handler
     */
    public static <T extends MessageLite> ProtobufHandler<T> of(Parser<T> parser, Receiver<? super T> receiver) {
        return new ProtobufHandler<>(parser, receiver);
    }

    @Override
    public void handle(byte[] value) throws Exception {
        if (value.length > MAX_VALUE_BYTES) {
            throw new MessageRejectedException("protobuf message of " + value.length + " bytes exceeds "
                    + MAX_VALUE_BYTES, null);
        }
        T message;
        try {
            message = parser.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new MessageRejectedException("not a valid protobuf message (" + value.length + " bytes): "
                    + e.getMessage(), e);
        }
        receiver.receive(message);
    }
}
