package p2p.server;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import p2p.ban.BanList;
import p2p.ban.BanSettings;
import p2p.ban.PeerBanManager;
import p2p.chain.BlockHeaderInfo;
import p2p.kafka.ClientOptions;
import p2p.kafka.KafkaClients;
import p2p.kafka.KafkaStats;
import p2p.kafka.MessageConsumer;
import p2p.kafka.MessageProducer;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;
import p2p.node.pubsub.GossipConfig;
import p2p.node.pubsub.Gossipsub;
import p2p.server.ban.BanScorer;
import p2p.server.gen2026.Settings2026;
import p2p.server.gen2026.Topics2026;
import p2p.server.gen2026.message.NodeStatusMessage;

/**
 * One whole 2026-profile server for the tests, as {@link ServerNode} is for 2025: a libp2p host on loopback without
 * a private-network key (2026 has none), gossipsub, a Derby ban list, memory:// Kafka, a fake chain, and the
 * server {@link MessageProfile#forProtocol} builds for {@code teranode-2026}.
 */
final class ServerNode2026 implements AutoCloseable {
    static final Topics2026 TOPICS = Topics2026.defaults("regtest");
    static final Duration DEADLINE = ServerNode.DEADLINE;

    final String dataHubUrl;
    final FakeChain chain;
    final P2PNode node;
    final Gossipsub gossipsub;
    final BanList banList;
    final PeerBanManager banManager;
    final List<String> bans = new CopyOnWriteArrayList<>();
    final KafkaClients kafka = new KafkaClients(ClientOptions.defaults());
    final BlockingQueue<Announcement> announcements = new LinkedBlockingQueue<>();
    final BlockingQueue<NodeStatusMessage> statuses = new LinkedBlockingQueue<>();
    final Teranode2026Server server;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    /** {@code customise} adjusts the settings (listen mode, status interval); private IPs are allowed on loopback. */
    ServerNode2026(String name, Path dir, BlockHeaderInfo best, UnaryOperator<Settings2026> customise)
            throws Exception {
        dataHubUrl = "http://" + name + ".test:9906";
        chain = new FakeChain(best);
        node = new P2PNode(NodeConfig.builder(Ed25519PrivKey.generate(new SecureRandom()))
                .listen("/ip4/127.0.0.1/tcp/0").ioThreads(1).build());
        closeables.add(node);
        node.start().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        banList = BanList.open(new BanSettings("jdbc:derby:" + dir.resolve(name + "-bans") + ";create=true", null,
                null, 1000, Duration.ofHours(24)), Clock.systemUTC());
        closeables.add(banList);
        banManager = new PeerBanManager(100, Duration.ofHours(24), Clock.systemUTC(),
                (peer, until, reason) -> bans.add(peer + " " + reason.wireName()));
        var scorerThreads = Executors.newVirtualThreadPerTaskExecutor();
        closeables.add(scorerThreads::shutdownNow);
        BanScorer scorer = new BanScorer(banManager, scorerThreads);
        gossipsub = Gossipsub.start(node, GossipConfig.defaults(), scorer);
        MessageProducer blocks = kafka.producer(ServerNode.url("memory://blocks"), new KafkaStats());
        MessageProducer subtrees = kafka.producer(ServerNode.url("memory://subtrees"), new KafkaStats());
        closeables.add(blocks);
        closeables.add(subtrees);
        Settings2026 settings = customise.apply(new Settings2026(TOPICS, "java-" + name, dataHubUrl, "",
                p2p.server.gen2026.ListenMode.FULL, true, Settings2026.STATUS_INTERVAL, "test", "c0ffee", ""));
        MessageProfile profile = MessageProfile.forProtocol("teranode-2026", () -> {
            throw new AssertionError("the 2025 settings must not be built for teranode-2026");
        }, () -> settings);
        GossipServer built = P2PServer.builder(profile)
                .node(node)
                .pubsub(gossipsub)
                .chain(chain)
                .bans(banList, scorer)
                .producers(blocks, subtrees)
                .announcements(announcements::add)
                .nodeStatuses(statuses::add)
                .buildServer();
        server = (Teranode2026Server) built;
        closeables.add(server);
        server.start();
    }

    PeerId id() {
        return node.peerId();
    }

    /** Connects to {@code other} and waits until each sees the other on every 2026 topic. */
    void connectAndMeet(ServerNode2026 other) throws Exception {
        node.connect(other.node.listenAddresses().get(0).withPeerId(other.id().toBytes()))
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        for (String topic : TOPICS.all()) {
            ServerNode.await(id() + " and " + other.id() + " see each other on " + topic,
                    () -> gossipsub.router().topicPeers(topic).join().contains(other.id())
                            && other.gossipsub.router().topicPeers(topic).join().contains(id()));
        }
    }

    BlockingQueue<byte[]> consume(String topic) {
        BlockingQueue<byte[]> values = new LinkedBlockingQueue<>();
        MessageConsumer consumer = kafka.consumer(ServerNode.url("memory://" + topic), "test-" + topic, values::add,
                new KafkaStats());
        closeables.add(consumer);
        consumer.start();
        return values;
    }

    void produce(String topic, byte[] value) throws Exception {
        try (MessageProducer producer = kafka.producer(ServerNode.url("memory://" + topic), new KafkaStats())) {
            producer.send(value).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    int score(PeerId peer) {
        return banManager.score(peer.toBase58()).map(s -> s.score()).orElse(0);
    }

    @Override
    public void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }
}
