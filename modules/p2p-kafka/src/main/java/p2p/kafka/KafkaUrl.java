package p2p.kafka;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import p2p.common.time.GoDuration;

/**
 * One Kafka setting as Teranode writes it (spec/teranode-p2p.md section 4):
 * {@code kafka://host1:9092,host2:9092/topic?partitions=1&replication=1&retention=600000} for a broker cluster, or
 * {@code memory://topic} for the in-process bus.
 *
 * <p>Query parameters, all optional (defaults are Teranode's):
 * <ul>
 *   <li>{@code partitions} (1) and {@code replication} (1): used when the producer creates the topic;</li>
 *   <li>{@code retention} (600000): the topic's {@code retention.ms}, {@code -1} keeps messages forever;</li>
 *   <li>{@code segment_bytes} (1073741824): the topic's {@code segment.bytes};</li>
 *   <li>{@code flush_bytes} and {@code flush_frequency} (Go duration such as {@code 1s}): the producer's
 *       {@code batch.size} and {@code linger.ms}, when given;</li>
 *   <li>{@code flush_messages}: validated but unused: kafka-clients has no batch trigger by message count;</li>
 *   <li>{@code consumer_ratio} (1): a consumer group runs {@code max(1, partitions / consumer_ratio)} consumers;</li>
 *   <li>{@code replay} (1): a new consumer group starts at the oldest message (1) or only sees new ones (0).</li>
 * </ul>
 * Any other parameter is an error, so a misspelt one is noticed.
 *
 * <p>A broker without a port uses Kafka's port 9092. A {@code memory} URL may also be written with a host and a
 * path ({@code memory://localhost:9092/blocks}, as Teranode's settings produce with {@code KAFKA_SCHEMA=memory});
 * the host then means nothing, the path is the topic.
 *
 * @param scheme kafka or memory
 * @param brokers bootstrap servers as {@code host:port} (empty for memory)
 * @param topic the topic name
 * @param partitions partitions of the topic when created
 * @param replicationFactor replication factor of the topic when created
 * @param retention how long the broker keeps messages; empty = forever
 * @param segmentBytes the topic's segment size in bytes
 * @param flushBytes producer batch size in bytes, when configured
 * @param flushFrequency producer linger time, when configured
 * @param consumerRatio partitions per consumer in a consumer group
 * @param replay whether a new consumer group starts at the oldest retained message
 */
public record KafkaUrl(Scheme scheme, List<String> brokers, String topic, int partitions, short replicationFactor,
                       Optional<Duration> retention, long segmentBytes, OptionalInt flushBytes,
                       Optional<Duration> flushFrequency, int consumerRatio, boolean replay) {

    /** Kafka's registered port, used for a broker written without one. */
    public static final int DEFAULT_BROKER_PORT = 9092;

    /** Teranode's default topic retention (10 minutes). */
    public static final Duration DEFAULT_RETENTION = Duration.ofMinutes(10);

    /** Teranode's default segment size (1 GiB). */
    public static final long DEFAULT_SEGMENT_BYTES = 1L << 30;

    /** Upper bound on partitions accepted from a URL; far above any sensible announcement topic. */
    public static final int MAX_PARTITIONS = 10_000;

    private static final int MAX_TOPIC_LENGTH = 249; // Kafka's own limit
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?");
    private static final Set<String> PARAMETERS = Set.of("partitions", "replication", "retention", "segment_bytes",
            "flush_bytes", "flush_frequency", "flush_messages", "consumer_ratio", "replay");

    /** Where messages go. */
    public enum Scheme {
        /** A Kafka cluster reached through kafka-clients. */
        KAFKA,
        /** The in-process bus (embedded default, tests). */
        MEMORY
    }

    /** Validates the components; {@link #parse} is the usual way in. */
    public KafkaUrl {
        Objects.requireNonNull(scheme, "scheme");
        brokers = List.copyOf(brokers);
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(flushBytes, "flushBytes");
        Objects.requireNonNull(flushFrequency, "flushFrequency");
        if (scheme == Scheme.KAFKA && brokers.isEmpty()) {
            throw new IllegalArgumentException("a kafka URL needs at least one broker");
        }
        if (partitions < 1 || replicationFactor < 1 || consumerRatio < 1 || segmentBytes < 1) {
            throw new IllegalArgumentException("partitions, replication, consumer ratio and segment bytes must be positive");
        }
    }

    /**
     * Parses a Kafka setting.
     *
     * @param key the setting key, named in errors (e.g. {@code kafka_blocksConfig})
     * @param value the configured URL
     * @return the parsed URL
     * @throws KafkaConfigException naming the key and the value when the URL is unusable
     */
    public static KafkaUrl parse(String key, String value) {
        return new Parser(key, value).parse();
    }

    /** @return true for the in-process bus */
    public boolean isMemory() {
        return scheme == Scheme.MEMORY;
    }

    /** @return the brokers joined as kafka-clients' {@code bootstrap.servers} wants them */
    public String bootstrapServers() {
        return String.join(",", brokers);
    }

    /** @return how many consumers a consumer group runs for this topic */
    public int consumerCount() {
        return Math.max(1, partitions / consumerRatio);
    }

    /** @return a short form for logs: {@code kafka://b1:9092,b2:9092/topic} or {@code memory://topic} */
    public String describe() {
        return isMemory() ? "memory://" + topic : "kafka://" + bootstrapServers() + "/" + topic;
    }

    /** The parse of one setting; holds the key and value so every error can name them. */
    private static final class Parser {
        private final String key;
        private final String value;

        Parser(String key, String value) {
            this.key = Objects.requireNonNull(key, "key");
            this.value = value;
        }

        KafkaUrl parse() {
            if (value == null || value.isBlank()) {
                throw fail("must be a kafka://brokers/topic or memory://topic URL");
            }
            int schemeEnd = value.indexOf("://");
            if (schemeEnd < 0) {
                throw fail("must be a kafka://brokers/topic or memory://topic URL");
            }
            Scheme scheme = switch (value.substring(0, schemeEnd).toLowerCase(Locale.ROOT)) {
                case "kafka" -> Scheme.KAFKA;
                case "memory" -> Scheme.MEMORY;
                default -> throw fail("must be a kafka://brokers/topic or memory://topic URL");
            };
            if (value.indexOf('#') >= 0) {
                throw fail("must not have a #fragment");
            }
            String rest = value.substring(schemeEnd + 3);
            int queryStart = rest.indexOf('?');
            String query = queryStart < 0 ? "" : rest.substring(queryStart + 1);
            String beforeQuery = queryStart < 0 ? rest : rest.substring(0, queryStart);
            int pathStart = beforeQuery.indexOf('/');
            String authority = pathStart < 0 ? beforeQuery : beforeQuery.substring(0, pathStart);
            String path = pathStart < 0 ? "" : beforeQuery.substring(pathStart + 1);

            List<String> brokers;
            String topic;
            if (scheme == Scheme.MEMORY) {
                brokers = List.of();
                topic = path.isEmpty() ? authority : path;
            } else {
                brokers = brokers(authority);
                topic = path;
            }
            checkTopic(topic);

            Map<String, String> params = query(query);
            int partitions = intParam(params, "partitions", 1, 1, MAX_PARTITIONS);
            int replication = intParam(params, "replication", 1, 1, Short.MAX_VALUE);
            Optional<Duration> retention = retention(params.get("retention"));
            long segmentBytes = longParam(params, "segment_bytes", DEFAULT_SEGMENT_BYTES, 1, Integer.MAX_VALUE);
            OptionalInt flushBytes = params.containsKey("flush_bytes")
                    ? OptionalInt.of(intParam(params, "flush_bytes", 0, 0, Integer.MAX_VALUE))
                    : OptionalInt.empty();
            Optional<Duration> flushFrequency = Optional.ofNullable(params.get("flush_frequency")).map(this::goDuration);
            intParam(params, "flush_messages", 0, 0, Integer.MAX_VALUE);
            int consumerRatio = intParam(params, "consumer_ratio", 1, 1, MAX_PARTITIONS);
            boolean replay = intParam(params, "replay", 1, 0, 1) == 1;
            return new KafkaUrl(scheme, brokers, topic, partitions, (short) replication, retention, segmentBytes,
                    flushBytes, flushFrequency, consumerRatio, replay);
        }

        private List<String> brokers(String authority) {
            if (authority.isEmpty()) {
                throw fail("has no broker: write kafka://host:port/topic");
            }
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                // The error goes to logs and consoles: echo the URL with its user information masked.
                String userInfo = authority.substring(0, at + 1);
                throw new KafkaConfigException(key, value.replace(userInfo, "***@"),
                        "must not carry credentials in the URL");
            }
            List<String> brokers = new ArrayList<>();
            for (String entry : authority.split(",", -1)) {
                brokers.add(broker(entry));
            }
            return brokers;
        }

        private String broker(String entry) {
            String host;
            String port;
            if (entry.startsWith("[")) {
                int close = entry.indexOf(']');
                if (close < 0 || !IPV6.matcher(entry.substring(1, close)).matches()) {
                    throw fail("has a malformed IPv6 broker '" + entry + "'");
                }
                host = entry.substring(0, close + 1);
                String after = entry.substring(close + 1);
                if (!after.isEmpty() && !after.startsWith(":")) {
                    throw fail("has a malformed broker '" + entry + "'");
                }
                port = after.isEmpty() ? null : after.substring(1);
            } else {
                int colon = entry.indexOf(':');
                host = colon < 0 ? entry : entry.substring(0, colon);
                port = colon < 0 ? null : entry.substring(colon + 1);
                if (!HOST_NAME.matcher(host).matches()) {
                    throw fail("has a malformed broker '" + entry + "'");
                }
            }
            int portNumber = DEFAULT_BROKER_PORT;
            if (port != null) {
                portNumber = parseIntOrNegative(port);
                if (portNumber < 1 || portNumber > 65_535) {
                    throw fail("has broker '" + entry + "' whose port is not a number from 1 to 65535");
                }
            }
            return host + ":" + portNumber;
        }

        private void checkTopic(String topic) {
            if (topic.isEmpty()) {
                throw fail("has no topic: write " + (value.regionMatches(true, 0, "memory", 0, 6)
                        ? "memory://topic" : "kafka://host:port/topic"));
            }
            if (topic.length() > MAX_TOPIC_LENGTH || !TOPIC.matcher(topic).matches()
                    || topic.equals(".") || topic.equals("..")) {
                throw fail("has topic '" + topic + "': a topic is 1 to 249 of the characters a-z A-Z 0-9 . _ -");
            }
        }

        private Map<String, String> query(String query) {
            Map<String, String> params = new HashMap<>();
            if (query.isEmpty()) {
                return params;
            }
            for (String pair : query.split("&", -1)) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String val = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (!PARAMETERS.contains(name)) {
                    throw fail("has unknown parameter '" + name + "' (known: " + String.join(", ",
                            PARAMETERS.stream().sorted().toList()) + ")");
                }
                if (params.put(name, val) != null) {
                    throw fail("repeats parameter '" + name + "'");
                }
            }
            return params;
        }

        private String decode(String text) {
            try {
                return URLDecoder.decode(text, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw fail("has a malformed %-escape in '" + text + "'");
            }
        }

        private int intParam(Map<String, String> params, String name, int fallback, int min, int max) {
            return (int) longParam(params, name, fallback, min, max);
        }

        private long longParam(Map<String, String> params, String name, long fallback, long min, long max) {
            String text = params.get(name);
            if (text == null) {
                return fallback;
            }
            long n;
            try {
                n = Long.parseLong(text);
            } catch (NumberFormatException e) {
                n = min - 1;
            }
            if (n < min || n > max) {
                throw fail(name + " must be a whole number from " + min + " to " + max + ", got '" + text + "'");
            }
            return n;
        }

        private Optional<Duration> retention(String text) {
            if (text == null) {
                return Optional.of(DEFAULT_RETENTION);
            }
            if (text.equals("-1")) {
                return Optional.empty();
            }
            long ms;
            try {
                ms = Long.parseLong(text);
            } catch (NumberFormatException e) {
                ms = 0;
            }
            if (ms < 1) {
                throw fail("retention must be milliseconds (a positive whole number) or -1 for forever, got '"
                        + text + "'");
            }
            return Optional.of(Duration.ofMillis(ms));
        }

        private Duration goDuration(String text) {
            Duration d;
            try {
                d = GoDuration.parse(text);
            } catch (IllegalArgumentException e) {
                throw fail("flush_frequency must be a duration such as 500ms or 1s, got '" + text + "' ("
                        + e.getMessage() + ")");
            }
            if (d.isNegative()) {
                throw fail("flush_frequency must not be negative, got '" + text + "'");
            }
            return d;
        }

        private static int parseIntOrNegative(String text) {
            if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return -1;
            }
            return Integer.parseInt(text);
        }

        private KafkaConfigException fail(String problem) {
            return new KafkaConfigException(key, value, problem);
        }
    }
}
