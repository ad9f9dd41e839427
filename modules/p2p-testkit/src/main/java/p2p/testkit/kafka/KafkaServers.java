package p2p.testkit.kafka;

import org.apache.kafka.clients.admin.Admin;

/** What a test needs of its Kafka, one broker ({@link TestBroker}) or a cluster ({@link TestCluster}). */
public interface KafkaServers {
    /** @return {@code host:port[,host:port...]} of the client listeners */
    String bootstrap();

    /**
     * @param topicAndQuery e.g. {@code blocks?partitions=2}
     * @return a kafka:// URL of these servers, as the node's {@code kafka_*Config} settings take it
     */
    String url(String topicAndQuery);

    /** @return an admin client of these servers, for checks the module's API does not offer */
    Admin admin();
}
