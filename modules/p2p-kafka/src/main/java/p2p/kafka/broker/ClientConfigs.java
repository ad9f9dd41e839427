package p2p.kafka.broker;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import p2p.kafka.ClientOptions;
import p2p.kafka.KafkaUrl;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** kafka-clients configurations built from a {@link KafkaUrl} and {@link ClientOptions}; one place for every key. */
final class ClientConfigs {

    private static final AtomicLong CLIENT_SEQUENCE = new AtomicLong(); // unique client.id per JVM

    private ClientConfigs() {
    }

    /** A producer that never loses an acknowledged write and never duplicates on its own retries. */
    static Map<String, Object> producer(KafkaUrl url, ClientOptions options) {
        Map<String, Object> c = common(url, options, "p2p-producer-" + url.topic());
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        c.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5); // the most idempotence allows in order
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis(options.deliveryTimeout()));
        // send() blocks the sender thread (never the caller) while metadata is missing; bounded so a dead cluster
        // turns into a retry instead of a stuck thread.
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis(options.requestTimeout()));
        url.flushBytes().ifPresent(bytes -> c.put(ProducerConfig.BATCH_SIZE_CONFIG, bytes));
        url.flushFrequency().ifPresent(linger -> c.put(ProducerConfig.LINGER_MS_CONFIG, millis(linger)));
        if (url.flushFrequency().isPresent()) {
            // kafka-clients requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
            long floor = millis(url.flushFrequency().get()) + millis(options.requestTimeout());
            c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(millis(options.deliveryTimeout()), floor));
        }
        return c;
    }

    /** A consumer that commits only what its handler has finished with. */
    static Map<String, Object> consumer(KafkaUrl url, ClientOptions options, String groupId) {
        Map<String, Object> c = common(url, options, "p2p-consumer-" + groupId + "-" + url.topic());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, url.replay() ? "earliest" : "latest");
        // The topic is created with the URL's partitions and retention, never by a broker default.
        c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return c;
    }

    /** An admin client for topic creation and health probes. */
    static Map<String, Object> admin(KafkaUrl url, ClientOptions options) {
        return common(url, options, "p2p-admin-" + url.topic());
    }

    private static Map<String, Object> common(KafkaUrl url, ClientOptions options, String clientId) {
        Map<String, Object> c = new HashMap<>();
        c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, url.bootstrapServers());
        c.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId + "-" + CLIENT_SEQUENCE.incrementAndGet());
        c.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, millis(options.requestTimeout()));
        c.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, millis(options.requestTimeout()));
        c.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, millis(options.maxRetryBackoff()));
        c.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, millis(options.maxRetryBackoff()));
        return c;
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }
}
