package p2p.app.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Teranode's own settings files ({@code settings.conf}, then {@code settings_local.conf} beside it), read the way
 * Teranode's settings library (gocore) reads them, so an operator's files work unchanged:
 *
 * <ul>
 *   <li>one {@code key = value} per line; everything from a {@code #} on is a comment; lines without {@code =} are
 *       ignored; key and value are trimmed, and a value wrapped in double quotes loses them; a later line (or the
 *       local file) replaces an earlier one;</li>
 *   <li>{@code key.context = value} overrides {@code key} for that context: for context {@code docker.m} the value
 *       of {@code key.docker.m}, else {@code key.docker}, else {@code key} applies. The context is
 *       {@code --context}, else the environment's {@code SETTINGS_CONTEXT}, else {@code dev}, as in Teranode;</li>
 *   <li>{@code ${name}} in a value is replaced by the environment variable {@code name} when set, else by the
 *       setting {@code name} under the same context, repeatedly. Where Teranode writes {@code {UNKNOWN}} for a name
 *       that is neither, this is an error naming the file, line and key.</li>
 * </ul>
 */
final class TeranodeSettingsFile {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(.*?)}");
    private static final int MAX_SUBSTITUTIONS = 100;

    /** One line's value and where it was written. */
    record Entry(String value, Path file, int line) {
        String origin(String key) {
            return file + " line " + line + " (" + key + ")";
        }
    }

    /** A resolved setting: its final text and the line it came from. */
    record Resolved(String value, String origin) {
    }

    private final Map<String, Entry> entries;
    private final String context;
    private final Map<String, String> environment;

    private TeranodeSettingsFile(Map<String, Entry> entries, String context, Map<String, String> environment) {
        this.entries = entries;
        this.context = context;
        this.environment = environment;
    }

    /**
     * Reads {@code file} and, when present beside it, {@code settings_local.conf} (unless {@code file} is that one).
     *
     * @param context the context, or empty for {@code SETTINGS_CONTEXT} from the environment, else {@code dev}
     * @throws SettingsException naming the file when it cannot be read
     */
    static TeranodeSettingsFile read(Path file, Optional<String> context, Map<String, String> environment) {
        Map<String, Entry> entries = new HashMap<>();
        parse(file, entries);
        Path local = file.toAbsolutePath().resolveSibling("settings_local.conf");
        if (!local.equals(file.toAbsolutePath()) && Files.isReadable(local)) {
            parse(local, entries);
        }
        String chosen = context.filter(c -> !c.isBlank())
                .or(() -> Optional.ofNullable(environment.get("SETTINGS_CONTEXT")).filter(c -> !c.isBlank()))
                .orElse("dev");
        return new TeranodeSettingsFile(entries, chosen, environment);
    }

    private static void parse(Path file, Map<String, Entry> entries) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SettingsException("Teranode settings file " + file + " cannot be read: " + e.getMessage());
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                continue;
            }
            String key = line.substring(0, equals).strip();
            String value = line.substring(equals + 1).strip();
            if (value.length() > 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            entries.put(key, new Entry(value, file, i + 1));
        }
    }

    /** The context the file is read under. */
    String context() {
        return context;
    }

    /** The value of {@code key} under the context, references replaced; empty when no line sets it. */
    Optional<Resolved> get(String key) {
        return find(key).map(found -> {
            Entry entry = entries.get(found);
            return new Resolved(substitute(entry.value(), key, entry.origin(found)), entry.origin(found));
        });
    }

    /** The most specific line for {@code key}: {@code key.a.b}, then {@code key.a}, then {@code key}. */
    private Optional<String> find(String key) {
        String candidate = context.isEmpty() ? key : key + "." + context;
        while (true) {
            if (entries.containsKey(candidate)) {
                return Optional.of(candidate);
            }
            int dot = candidate.lastIndexOf('.');
            if (dot < key.length()) {
                return Optional.empty();
            }
            candidate = candidate.substring(0, dot);
        }
    }

    private String substitute(String value, String key, String origin) {
        String text = value;
        for (int round = 0; round < MAX_SUBSTITUTIONS; round++) {
            Matcher m = REFERENCE.matcher(text);
            if (!m.find()) {
                return text;
            }
            String name = m.group(1);
            String replacement = environment.get(name);
            if (replacement == null) {
                replacement = find(name).map(found -> entries.get(found).value()).orElseThrow(() ->
                        new SettingsException("setting " + key + " in " + origin + ": ${" + name
                                + "} names no setting and no environment variable"));
            }
            text = text.substring(0, m.start()) + replacement + text.substring(m.end());
        }
        throw new SettingsException("setting " + key + " in " + origin + ": references nest more than "
                + MAX_SUBSTITUTIONS + " deep (a reference loop?)");
    }
}
