package p2p.web.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Serves the operator dashboard (README, "Dashboard"): {@code /} is its page, {@code /dashboard/<file>} its
 * scripts and style, all read once from this module's resources ({@code p2p/web/dashboard/}) when the server
 * starts. A fixed list of files rather than Helidon's static-content module: that module is not in the Helidon 4.5.0
 * BOM, the page is a handful of small files, and a fixed list cannot be walked out of. Nothing is fetched from
 * anywhere else at run time.
 */
public final class DashboardFiles {
    /** The page's files and their media types; {@code index.html} is served at {@code /}. */
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "style.css", "text/css; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "charts.js", "text/javascript; charset=utf-8",
            "feed.js", "text/javascript; charset=utf-8",
            "tables.js", "text/javascript; charset=utf-8");

    private final Map<String, byte[]> contents = new LinkedHashMap<>();

    /** Reads every file; a missing one is a broken build, reported by name. */
    public DashboardFiles() {
        for (String name : FILES.keySet()) {
            try (InputStream in = DashboardFiles.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("dashboard file p2p/web/dashboard/" + name
                            + " is missing from the p2p-web jar");
                }
                contents.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read dashboard file " + name, e);
            }
        }
    }

    /** Adds {@code /} and {@code /dashboard/{file}}. */
    public void register(HttpRouting.Builder routing) {
        routing.get("/", (req, res) -> send(res, "index.html"))
                .get("/dashboard/{file}", this::file);
    }

    private void file(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().first("file").orElse("");
        if (!contents.containsKey(name)) {
            res.status(Status.NOT_FOUND_404).send("no dashboard file " + name);
            return;
        }
        send(res, name);
    }

    private void send(ServerResponse res, String name) {
        res.header(HeaderNames.CONTENT_TYPE, FILES.get(name));
        // The files change only with the jar; no-cache makes a browser revalidate, so an upgrade shows at once.
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        res.send(contents.get(name));
    }
}
