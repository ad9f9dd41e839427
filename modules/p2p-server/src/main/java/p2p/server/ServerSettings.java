package p2p.server;

import java.util.Objects;

/**
 * What the server needs from the settings.
 *
 * @param topics     the five full topic names
 * @param dataHubUrl {@code p2p_httpAddress}: told to peers as where our blocks and subtrees can be fetched
 */
public record ServerSettings(TopicNames topics, String dataHubUrl) {
    public ServerSettings {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(dataHubUrl, "p2p_httpAddress");
    }
}
