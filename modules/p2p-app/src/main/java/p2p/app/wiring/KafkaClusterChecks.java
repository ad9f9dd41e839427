package p2p.app.wiring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import p2p.kafka.KafkaUrl;
import p2p.web.ReadinessCheck;

/**
 * Readiness of Kafka (spec section 8), one check per cluster: the four {@code kafka_*Config} URLs grouped by their
 * broker list, each check down when a client of that cluster cannot reach its brokers. {@code memory:} URLs have no
 * broker and no check. With one cluster the check is named {@code kafka}, with several {@code kafka <brokers>}.
 */
public final class KafkaClusterChecks {

    /** One Kafka client: the URL it was made from and whether it reaches its brokers now. */
    public record Client(KafkaUrl url, BooleanSupplier reachable) {
    }

    private KafkaClusterChecks() {
    }

    /** The checks for these clients, in the order their clusters first appear. */
    public static List<ReadinessCheck> of(List<Client> clients) {
        Map<String, List<Client>> clusters = new LinkedHashMap<>();
        for (Client client : clients) {
            KafkaUrl url = client.url();
            if (!url.isMemory()) {
                clusters.computeIfAbsent(url.bootstrapServers(), b -> new ArrayList<>()).add(client);
            }
        }
        List<ReadinessCheck> checks = new ArrayList<>();
        boolean several = clusters.size() > 1;
        clusters.forEach((brokers, members) -> checks.add(ReadinessCheck.of(several ? "kafka " + brokers : "kafka",
                () -> {
                    for (Client member : members) {
                        if (!member.reachable().getAsBoolean()) {
                            return ReadinessCheck.Status.down("a Kafka broker of " + brokers + " does not answer");
                        }
                    }
                    return ReadinessCheck.Status.up(brokers + " reachable");
                })));
        return checks;
    }
}
