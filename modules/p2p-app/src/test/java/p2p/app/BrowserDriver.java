package p2p.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import p2p.common.json.JsonTree;
import p2p.common.json.JsonWriter;

/**
 * The browser harness of {@link DashboardBrowserTest}: {@code modules/p2p-testkit/browser/dashboard-driver.mjs} run by node,
 * driving Debian's chromium through playwright-core. One JSON command a line to its stdin, one JSON answer a line
 * back; an answer with {@code ok: false} fails the test with the driver's message. Its stderr (page errors, console
 * warnings) goes to this process's.
 */
final class BrowserDriver implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** Longer than the driver's own 60 s waits, so the driver reports which wait failed. */
    private static final Duration ANSWER_DEADLINE = Duration.ofSeconds(120);

    private final Process process;
    private final Writer stdin;
    private final LinkedBlockingQueue<String> answers = new LinkedBlockingQueue<>();

    private BrowserDriver(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().name("browser-driver-stdout").start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    answers.add(line);
                }
            } catch (IOException e) {
                answers.add("{\"ok\":false,\"error\":\"driver output closed: " + e.getMessage() + "\"}");
            }
            answers.add("{\"ok\":false,\"error\":\"driver exited\"}");
        });
    }

    /** Why the browser tests cannot run here, or null when they can. */
    static String unavailableReason(Path harness) {
        if (Boolean.getBoolean("skip.browser")) {
            return "-Dskip.browser=true";
        }
        if (!Files.isExecutable(CHROMIUM)) {
            return CHROMIUM + " is absent (apt-get install chromium; .ci/run installs it)";
        }
        if (!Files.isDirectory(harness.resolve("node_modules/playwright-core"))) {
            return "playwright-core is not installed in " + harness + " (the Maven build runs ensure-deps.mjs)";
        }
        return null;
    }

    static BrowserDriver start(Path harness) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("node", "dashboard-driver.mjs").directory(harness.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("CHROMIUM", CHROMIUM.toString());
        return new BrowserDriver(builder.start());
    }

    /** Sends {@code cmd} with string fields {@code args} (name, value, name, value...); returns the answer. */
    Map<String, Object> call(String cmd, Object... args) throws IOException, InterruptedException {
        Map<String, Object> command = new java.util.LinkedHashMap<>();
        command.put("cmd", cmd);
        for (int i = 0; i < args.length; i += 2) {
            command.put((String) args[i], args[i + 1]);
        }
        stdin.write(JsonWriter.tree(command) + "\n");
        stdin.flush();
        String line = answers.poll(ANSWER_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("browser driver: no answer to " + cmd + " in " + ANSWER_DEADLINE.toSeconds() + " s");
        }
        Map<String, Object> answer = JsonTree.readObject(line, "browser driver answer");
        if (!Boolean.TRUE.equals(answer.get("ok"))) {
            throw new AssertionError("browser driver: " + cmd + " failed: " + answer.get("error"));
        }
        return answer;
    }

    @Override
    public void close() throws Exception {
        try {
            if (process.isAlive()) {
                call("close");
            }
        } catch (AssertionError | IOException e) {
            // the process is stopped below either way
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
