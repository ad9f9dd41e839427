package p2p.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import p2p.testkit.Await;
import p2p.testkit.kafka.KafkaServers;

/**
 * The Teranode side of the nodes' Kafka topics, with plain kafka-clients on the test broker: what block validation
 * would read from the blocks and subtrees topics, what the validators would write to rejected-tx and invalid-blocks.
 */
final class BrokerTopics {
    private static final Duration POLL = Duration.ofMillis(250);

    private final KafkaServers broker;

    BrokerTopics(KafkaServers broker) {
        this.broker = broker;
    }

    /**
     * Reads partition 0 of {@code topic} from its first record until {@code done} accepts what was read (every value,
     * in order), failing after {@link AppNode#DEADLINE}. The topic need not exist yet: the node creates it.
     */
    List<byte[]> readUntil(String topic, String what, Predicate<List<byte[]>> done) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<byte[]> values = new ArrayList<>();
            if (!done.test(values)) {
                Await.until(() -> what + " on Kafka topic " + topic + "; read " + values.size() + " records",
                        AppNode.DEADLINE, () -> {
                            consumer.poll(POLL).forEach(record -> values.add(record.value()));
                            return done.test(values);
                        });
            }
            return values;
        }
    }

    /** Every value on partition 0 of {@code topic} up to its end offset now (empty when the topic does not exist). */
    List<byte[]> readAll(String topic) {
        return readAllRecords(topic).stream().map(ConsumerRecord::value).toList();
    }

    /** As {@link #readAll}, whole records (their timestamps are the producer's send times). */
    List<ConsumerRecord<byte[], byte[]>> readAllRecords(String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            if (!consumer.listTopics(AppNode.DEADLINE).containsKey(topic)) {
                return List.of();
            }
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), AppNode.DEADLINE).get(partition);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            if (consumer.position(partition, AppNode.DEADLINE) < end) {
                Await.until(() -> topic + " read to offset " + end + "; read " + records.size() + " records",
                        AppNode.DEADLINE, () -> {
                            consumer.poll(POLL).forEach(records::add);
                            return consumer.position(partition, AppNode.DEADLINE) >= end;
                        });
            }
            return records;
        }
    }

    /**
     * Waits until consumer group {@code group} is stable with each of {@code topics} assigned to a member: the nodes'
     * consumers have all joined, and no rebalance is under way.
     */
    void awaitGroupAssigned(String group, Set<String> topics) throws Exception {
        try (Admin admin = broker.admin()) {
            AppNode.await("consumer group " + group + " stable with " + topics + " assigned", () -> {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                        .get(AppNode.DEADLINE.toSeconds(), TimeUnit.SECONDS).get(group);
                Set<String> assigned = description.members().stream()
                        .flatMap(member -> member.assignment().topicPartitions().stream())
                        .map(TopicPartition::topic)
                        .collect(Collectors.toSet());
                return description.groupState() == GroupState.STABLE && assigned.containsAll(topics);
            });
        }
    }

    /** Writes one record to {@code topic} and waits for the broker's acknowledgement. */
    void produce(String topic, byte[] value) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) AppNode.DEADLINE.toMillis());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, value)).get(AppNode.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
