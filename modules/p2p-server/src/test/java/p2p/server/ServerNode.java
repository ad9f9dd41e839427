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
import java.util.function.BooleanSupplier;
import p2p.ban.BanList;
import p2p.ban.BanSettings;
import p2p.ban.PeerBanManager;
import p2p.chain.BlockHeaderInfo;
import p2p.kafka.ClientOptions;
import p2p.kafka.KafkaClients;
import p2p.kafka.KafkaStats;
import p2p.kafka.KafkaUrl;
import p2p.kafka.MessageConsumer;
import p2p.kafka.MessageProducer;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.host.NodeConfig;
import p2p.node.host.P2PNode;
import p2p.node.pubsub.GossipConfig;
import p2p.node.pubsub.Gossipsub;
import p2p.server.ban.BanScorer;
import p2p.testkit.Await;

/** One whole server for the tests: a libp2p host on loopback, gossipsub, Derby ban list, memory:// Kafka, a fake chain. */
final class ServerNode implements AutoCloseable {
    /** Teranode's default private-network key (spec section 2). */
    static final String PSK_HEX = "285b49e6d910726a70f205086c39cbac6d8dcc47839053a21b1f614773bbc137";
    static final TopicNames TOPICS = TopicNames.of("bitcoin/regtest", "block", "subtree", "miningon", "rejected_tx",
            "handshake");
    /** The topics a server subscribes to: all but rejected-tx, which it only publishes (spec 3.7). */
    static final List<String> SUBSCRIBED = List.of(TOPICS.block(), TOPICS.subtree(), TOPICS.miningOn(),
            TOPICS.handshake());
    static final Duration DEADLINE = Duration.ofSeconds(30);

    final String dataHubUrl;
    final FakeChain chain;
    final P2PNode node;
    final Gossipsub gossipsub;
    final BanList banList;
    final PeerBanManager banManager;
    final List<String> bans = new CopyOnWriteArrayList<>();
    final KafkaClients kafka = new KafkaClients(ClientOptions.defaults());
    final BlockingQueue<Announcement> announcements = new LinkedBlockingQueue<>();
    final P2PServer server;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    ServerNode(String name, Path dir, BlockHeaderInfo best) throws Exception {
        this(name, dir, best, builder -> { });
    }

    /** A server whose builder {@code customise} adjusts before it is built (direct stream limits). */
    ServerNode(String name, Path dir, BlockHeaderInfo best, java.util.function.Consumer<P2PServer.Builder> customise)
            throws Exception {
        dataHubUrl = "http://" + name + ".test:9906";
        chain = new FakeChain(best);
        node = new P2PNode(NodeConfig.builder(Ed25519PrivKey.generate(new SecureRandom()))
                .listen("/ip4/127.0.0.1/tcp/0").privateNetworkKey(PSK_HEX).ioThreads(1).build());
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
        MessageProducer blocks = kafka.producer(url("memory://blocks"), new KafkaStats());
        MessageProducer subtrees = kafka.producer(url("memory://subtrees"), new KafkaStats());
        closeables.add(blocks);
        closeables.add(subtrees);
        P2PServer.Builder builder = P2PServer.builder(new ServerSettings(TOPICS, dataHubUrl))
                .node(node)
                .pubsub(gossipsub)
                .chain(chain)
                .bans(banList, scorer)
                .producers(blocks, subtrees)
                .announcements(announcements::add);
        customise.accept(builder);
        server = builder.build();
        closeables.add(server);
        server.start();
    }

    /** Polls {@code condition} until it holds, failing the test after {@link #DEADLINE}. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, DEADLINE, condition);
    }

    static KafkaUrl url(String text) {
        return KafkaUrl.parse("test", text);
    }

    PeerId id() {
        return node.peerId();
    }

    /** Connects to {@code other} and waits until each sees the other on every subscribed topic. */
    void connectAndMeet(ServerNode other) throws Exception {
        connectTo(other);
        for (String topic : SUBSCRIBED) {
            await(id() + " and " + other.id() + " see each other on " + topic,
                    () -> gossipsub.router().topicPeers(topic).join().contains(other.id())
                            && other.gossipsub.router().topicPeers(topic).join().contains(id()));
        }
    }

    void connectTo(ServerNode other) throws Exception {
        node.connect(other.node.listenAddresses().get(0).withPeerId(other.id().toBytes()))
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    /** Consumes a memory:// topic of this node's bus into a queue of raw values. */
    BlockingQueue<byte[]> consume(String topic) {
        BlockingQueue<byte[]> values = new LinkedBlockingQueue<>();
        MessageConsumer consumer = kafka.consumer(url("memory://" + topic), "test-" + topic, values::add,
                new KafkaStats());
        closeables.add(consumer);
        consumer.start();
        return values;
    }

    /** Produces one value to a memory:// topic of this node's bus. */
    void produce(String topic, byte[] value) throws Exception {
        try (MessageProducer producer = kafka.producer(url("memory://" + topic), new KafkaStats())) {
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
