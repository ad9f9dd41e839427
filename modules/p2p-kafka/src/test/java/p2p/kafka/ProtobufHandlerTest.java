package p2p.kafka;

import org.junit.jupiter.api.Test;
import p2p.kafka.message.KafkaRejectedTxTopicMessage;
import p2p.testkit.fuzz.Hostile;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The stated bound of {@link ProtobufHandler}: an oversized value is rejected before any parsing. */
class ProtobufHandlerTest {

    @Test
    void aValueOverTheBoundIsRejectedWithoutParsing() {
        List<KafkaRejectedTxTopicMessage> got = new ArrayList<>();
        ProtobufHandler<KafkaRejectedTxTopicMessage> handler =
                ProtobufHandler.of(KafkaRejectedTxTopicMessage.parser(), got::add);
        // A valid message whose reason makes it one byte over the bound: valid, but refused by size alone.
        byte[] value = KafkaRejectedTxTopicMessage.newBuilder().setReason("r".repeat(ProtobufHandler.MAX_VALUE_BYTES))
                .build().toByteArray();
        Hostile.Outcome<Object> out = Hostile.decode("ProtobufHandler.handle", 0,
                List.of(MessageRejectedException.class), () -> {
                    handler.handle(value);
                    return null;
                });
        assertEquals("protobuf message of " + value.length + " bytes exceeds " + ProtobufHandler.MAX_VALUE_BYTES,
                out.error().getMessage());
        assertEquals(List.of(), got);
    }

    @Test
    void aSmallValueIsParsedAndGarbageIsRejected() throws Exception {
        List<KafkaRejectedTxTopicMessage> got = new ArrayList<>();
        byte[] value = KafkaRejectedTxTopicMessage.newBuilder().setReason("r".repeat(1000)).build().toByteArray();
        ProtobufHandler.of(KafkaRejectedTxTopicMessage.parser(), got::add).handle(value);
        assertEquals(1, got.size());
        assertThrows(MessageRejectedException.class,
                () -> ProtobufHandler.of(KafkaRejectedTxTopicMessage.parser(), got::add).handle(new byte[] {(byte) 0xff}));
    }
}
