package p2p.kafka.message;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Teranode's Kafka messages keep spec section 4's package, field numbers and types, byte for byte, plus the 2026
 * generation's additive {@code peer_id = 3} and invalid-subtree message (spec teranode-2026 1.11).
 */
class KafkaMessagesTest {

    private static void assertFields(Descriptor d, String fullName, String first, String second) {
        assertFields(d, fullName, first, second, 2);
    }

    private static void assertFields(Descriptor d, String fullName, String first, String second, int count) {
        assertEquals(fullName, d.getFullName());
        List<FieldDescriptor> fields = d.getFields();
        assertEquals(count, fields.size());
        assertEquals(first, fields.get(0).getName());
        assertEquals(1, fields.get(0).getNumber());
        assertEquals(FieldDescriptor.Type.STRING, fields.get(0).getType());
        assertEquals(second, fields.get(1).getName());
        assertEquals(2, fields.get(1).getNumber());
        assertEquals(FieldDescriptor.Type.STRING, fields.get(1).getType());
    }

    private static void assertPeerId(Descriptor d) {
        FieldDescriptor peerId = d.getFields().get(2);
        assertEquals("peer_id", peerId.getName());
        assertEquals(3, peerId.getNumber());
        assertEquals(FieldDescriptor.Type.STRING, peerId.getType());
    }

    @Test
    void descriptorsMatchTheSpec() {
        assertFields(KafkaBlockTopicMessage.getDescriptor(), "kafkamessage.KafkaBlockTopicMessage", "hash", "URL", 3);
        assertPeerId(KafkaBlockTopicMessage.getDescriptor());
        assertFields(KafkaSubtreeTopicMessage.getDescriptor(), "kafkamessage.KafkaSubtreeTopicMessage", "hash", "URL",
                3);
        assertPeerId(KafkaSubtreeTopicMessage.getDescriptor());
        assertFields(KafkaRejectedTxTopicMessage.getDescriptor(), "kafkamessage.KafkaRejectedTxTopicMessage",
                "txHash", "reason", 3);
        assertPeerId(KafkaRejectedTxTopicMessage.getDescriptor());
        Descriptor invalidSubtree = KafkaInvalidSubtreeTopicMessage.getDescriptor();
        assertFields(invalidSubtree, "kafkamessage.KafkaInvalidSubtreeTopicMessage", "subtreeHash", "peerUrl", 3);
        assertEquals("reason", invalidSubtree.getFields().get(2).getName());
        assertEquals(3, invalidSubtree.getFields().get(2).getNumber());
        assertFields(KafkaInvalidBlockTopicMessage.getDescriptor(), "kafkamessage.KafkaInvalidBlockTopicMessage",
                "blockHash", "reason");
    }

    @Test
    void blockMessageEncodesAsTwoLengthDelimitedStrings() throws Exception {
        // field 1 (tag 0x0a) "ab", field 2 (tag 0x12) "u": written by hand from the protobuf encoding rules.
        byte[] wire = HexFormat.of().parseHex("0a02616212" + "0175");
        KafkaBlockTopicMessage m = KafkaBlockTopicMessage.newBuilder().setHash("ab").setURL("u").build();
        assertArrayEquals(wire, m.toByteArray());
        assertEquals(m, KafkaBlockTopicMessage.parseFrom(wire));
    }

    @Test
    void eachMessageRoundTrips() throws Exception {
        var block = KafkaBlockTopicMessage.newBuilder().setHash("00".repeat(32)).setURL("https://peer/block").build();
        var subtree = KafkaSubtreeTopicMessage.newBuilder().setHash("11".repeat(32)).setURL("https://peer/st").build();
        var rejected = KafkaRejectedTxTopicMessage.newBuilder().setTxHash("22".repeat(32)).setReason("double spend")
                .build();
        var invalid = KafkaInvalidBlockTopicMessage.newBuilder().setBlockHash("33".repeat(32)).setReason("bad merkle")
                .build();
        assertEquals(block, KafkaBlockTopicMessage.parseFrom(block.toByteArray()));
        assertEquals(subtree, KafkaSubtreeTopicMessage.parseFrom(subtree.toByteArray()));
        assertEquals(rejected, KafkaRejectedTxTopicMessage.parseFrom(rejected.toByteArray()));
        assertEquals(invalid, KafkaInvalidBlockTopicMessage.parseFrom(invalid.toByteArray()));
    }

    @Test
    void newerTeranodePeerIdFieldIsRead() throws Exception {
        // Teranode after July 2025 adds `string peer_id = 3` (tag 0x1a): read and written back unchanged.
        byte[] wire = HexFormat.of().parseHex("0a0161" + "120162" + "1a0270" + "31");
        KafkaRejectedTxTopicMessage m = KafkaRejectedTxTopicMessage.parseFrom(wire);
        assertEquals("a", m.getTxHash());
        assertEquals("b", m.getReason());
        assertEquals("p1", m.getPeerId());
        assertArrayEquals(wire, m.toByteArray());
        // The 2025 profile leaves peer_id empty, and proto3 then writes exactly the July-2025 bytes.
        assertArrayEquals(HexFormat.of().parseHex("0a0161120162"),
                KafkaRejectedTxTopicMessage.newBuilder().setTxHash("a").setReason("b").build().toByteArray());
    }

    @Test
    void malformedPayloadsAreRejected() {
        HexFormat hex = HexFormat.of();
        // truncated string, length beyond the end, bad varint (11 continuation bytes), field number 0, bad UTF-8
        for (String bad : List.of("0a05616263", "0aff", "0affffffffffffffffffffff01", "0200", "0a02c328")) {
            assertThrows(InvalidProtocolBufferException.class,
                    () -> KafkaBlockTopicMessage.parseFrom(hex.parseHex(bad)), bad);
        }
    }
}
