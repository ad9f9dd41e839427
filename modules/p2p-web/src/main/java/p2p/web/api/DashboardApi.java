package p2p.web.api;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import p2p.web.AdminKey;
import p2p.web.BanListAccess;
import p2p.web.NodeOverview;
import p2p.web.PeerDirectory;
import p2p.web.PeerView;
import p2p.web.grpc.AdminRpcs;
import p2p.web.grpc.BanCommands;
import p2p.web.notify.NotificationHub;

/**
 * The dashboard's JSON API under {@code /api/v1/} on the HTTP listener (README, "Dashboard"). GETs are read-only
 * snapshots of what GetPeers, ListBanned, {@code /metrics} and the node's {@link NodeOverview} report. The two POSTs,
 * {@code /api/v1/ban} and {@code /api/v1/unban}, need the admin key in the {@code x-api-key} header, checked by the
 * same {@link AdminKey} as gRPC BanPeer and UnbanPeer, and do what those do ({@link BanCommands}): no key is 401, a
 * wrong one 403, bad input 400, each with {@code {"error": "..."}} naming the fault.
 *
 * <p>Rates and ban-score history are sampled every {@link #SAMPLE_INTERVAL} and again on each request for them, so
 * a request sees counts up to that moment.
 */
public final class DashboardApi implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DashboardApi.class.getName());
    static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(5);
    private static final HeaderName API_KEY = HeaderNames.create(AdminKey.HEADER);
    private static final String JSON = "application/json";

    private final PeerDirectory peers;
    private final NodeOverview node;
    private final BanListAccess banList;
    private final BanCommands commands;
    private final AdminKey adminKey;
    private final NotificationHub hub;
    private final Clock clock;
    private final RateRing rates = new RateRing();
    private final ScoreHistory scores = new ScoreHistory();
    private final ScheduledExecutorService sampler;

    public DashboardApi(PeerDirectory peers, NodeOverview node, BanListAccess banList, BanCommands commands,
                        AdminKey adminKey, NotificationHub hub, Clock clock) {
        this.peers = peers;
        this.node = node;
        this.banList = banList;
        this.commands = commands;
        this.adminKey = adminKey;
        this.hub = hub;
        this.clock = clock;
        this.sampler = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("dashboard-sampler")
                .factory());
        sampler.scheduleWithFixedDelay(this::sampleQuietly, 0, SAMPLE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Adds the {@code /api/v1/} routes. */
    public void register(HttpRouting.Builder routing) {
        routing.get("/api/v1/peers", (req, res) -> json(res, () -> ApiDocuments.peers(peers.peers(), peers::status)))
                .get("/api/v1/network", (req, res) -> json(res, () -> ApiDocuments.network(node,
                        peers.peers().size())))
                .get("/api/v1/rates", (req, res) -> json(res, () -> {
                    sampleRates();
                    return ApiDocuments.rates(rates.snapshot(clock.instant()));
                }))
                .get("/api/v1/bans", (req, res) -> json(res, () -> ApiDocuments.bans(banList.entries())))
                .get("/api/v1/banscores", (req, res) -> json(res, () -> {
                    sampleScores(peers.peers());
                    return ApiDocuments.banScores(scores.entries());
                }))
                .get("/api/v1/health", (req, res) -> json(res, () -> ApiDocuments.health(node.kafka(), hub)))
                .post("/api/v1/ban", (req, res) -> mutate(req, res, "ban", form -> commands.ban(
                        form.get("addr"), FormBody.seconds(form, "until"), "true".equals(form.get("force")))))
                .post("/api/v1/unban", (req, res) -> mutate(req, res, "unban", form -> commands.unban(
                        form.get("addr"))));
    }

    /** Samples the node's counters and peers' scores once now (the scheduled sampler does it every 5 s). */
    void sample() {
        sampleRates();
        sampleScores(peers.peers());
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            // The next sample tries again; the API keeps serving what it has.
            LOG.log(Level.FINE, "dashboard sample failed", e);
        }
    }

    private void sampleRates() {
        rates.observe(node.receivedPerTopic(), clock.instant());
    }

    private void sampleScores(List<PeerView> current) {
        Map<String, Integer> byPeer = new LinkedHashMap<>();
        current.forEach(p -> byPeer.put(p.id(), p.banScore()));
        scores.observe(byPeer, clock.instant());
    }

    private void mutate(ServerRequest req, ServerResponse res, String what,
                        Consumer<Map<String, String>> command) {
        Optional<AdminKey.Refusal> refusal = adminKey.check(req.headers().first(API_KEY).orElse(null));
        if (refusal.isPresent()) {
            LOG.warning(() -> "refused POST /api/v1/" + what + " from " + req.remotePeer().address() + ": "
                    + refusal.get().message());
            send(res, refusal.get() == AdminKey.Refusal.MISSING ? Status.UNAUTHORIZED_401 : Status.FORBIDDEN_403,
                    ApiDocuments.error(refusal.get().message()));
            return;
        }
        try {
            // An empty POST has no entity at all; it is an empty form (and then "addr is empty").
            String body = req.content().hasEntity() ? req.content().as(String.class) : "";
            command.accept(FormBody.parse(body));
        } catch (IllegalArgumentException e) {
            // BanWidthRule words its override for gRPC callers; here the override is the form's force field.
            String message = e.getMessage().replace("send the header " + AdminRpcs.BAN_FORCE_HEADER.name() + ": true",
                    "send force=true");
            send(res, Status.BAD_REQUEST_400, ApiDocuments.error(what + ": " + message));
            return;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "POST /api/v1/" + what + " failed", e);
            send(res, Status.INTERNAL_SERVER_ERROR_500, ApiDocuments.error(what + " failed: " + e.getMessage()));
            return;
        }
        LOG.info(() -> "POST /api/v1/" + what + " from " + req.remotePeer().address() + " done");
        send(res, Status.OK_200, ApiDocuments.ok());
    }

    private static void json(ServerResponse res, Supplier<String> body) {
        String text;
        try {
            text = body.get();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "dashboard API request failed", e);
            send(res, Status.INTERNAL_SERVER_ERROR_500, ApiDocuments.error("failed: " + e.getMessage()));
            return;
        }
        send(res, Status.OK_200, text);
    }

    private static void send(ServerResponse res, Status status, String body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, JSON);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(body);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
