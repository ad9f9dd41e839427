package p2p.app.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;

/**
 * The untyped layer of settings: YAML files, Teranode settings files and environment variables, each later layer
 * overriding the earlier, all under Teranode's flat key names. Unknown keys in YAML are refused, so a misspelt key
 * cannot be silently ignored; a Teranode settings file holds every service's keys, so only the known ones are taken
 * from it.
 */
final class RawSettings {
    private final Map<String, Value> values = new LinkedHashMap<>();

    /** A raw value and where it came from, for error messages. */
    record Value(List<String> items, boolean list, String origin) {
        String text() {
            return String.join(",", items);
        }
    }

    /** Adds the keys of a Teranode settings file that are in {@code known}, each with its file and line. */
    void addTeranode(TeranodeSettingsFile file, Set<String> known) {
        for (String key : known) {
            file.get(key).ifPresent(resolved -> values.put(key,
                    new Value(List.of(resolved.value()), false, TERANODE_ORIGIN + resolved.origin())));
        }
    }

    /** Where a value written in a Teranode settings file came from: its origin starts with this. */
    static final String TERANODE_ORIGIN = "Teranode settings ";
    /** The largest YAML settings file read; the shipped application.yaml is under 8 KiB. */
    static final long MAX_YAML_BYTES = 1 << 20;

    /** The keys set by some layer. */
    Set<String> keys() {
        return values.keySet();
    }

    /** Where {@code key}'s value came from ({@code file x}, {@code Teranode settings x line n (key)}, ...). */
    Optional<String> origin(String key) {
        return Optional.ofNullable(values.get(key)).map(Value::origin);
    }

    /** Adds a YAML file's keys; every key must be in {@code known}. */
    void addYaml(Path file, Set<String> known) {
        if (!Files.isReadable(file)) {
            throw new SettingsException("config file " + file + " does not exist or is not readable");
        }
        requirePlainYaml(file);
        Config config;
        try {
            config = Config.just(ConfigSources.file(file).build());
        } catch (RuntimeException e) {
            throw new SettingsException("config file " + file + " is not valid YAML: " + e.getMessage());
        }
        Set<String> unknown = new TreeSet<>();
        for (Config node : config.asNodeList().orElse(List.of())) {
            String key = node.name();
            if (!known.contains(key)) {
                unknown.add(key);
                continue;
            }
            put(key, node, "file " + file);
        }
        if (!unknown.isEmpty()) {
            throw new SettingsException("config file " + file + " has unknown setting(s) " + unknown
                    + " (see config/application.yaml for the names)");
        }
    }

    /**
     * Refuses, before Helidon builds its config tree, what settings never need and what lets a small file expand
     * into a huge tree: YAML anchors and aliases (three levels of ten nested aliases, "billion laughs", became 27 MB
     * of config nodes for a 300-byte file) and files over {@value #MAX_YAML_BYTES} bytes. Streams the parser's
     * events, building nothing, so checking costs a few times the file's size at most.
     */
    private static void requirePlainYaml(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_YAML_BYTES) {
                throw new SettingsException("config file " + file + " has " + size + " bytes, more than the "
                        + MAX_YAML_BYTES + " a settings file may have");
            }
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (Event event : new Yaml(new LoaderOptions()).parse(reader)) {
                    if (event instanceof AliasEvent || (event instanceof NodeEvent n && n.getAnchor() != null)) {
                        throw new SettingsException("config file " + file + " uses a YAML anchor or alias (line "
                                + (event.getStartMark().getLine() + 1)
                                + "), which settings files do not support");
                    }
                }
            }
        } catch (YAMLException e) {
            throw new SettingsException("config file " + file + " is not valid YAML: " + e.getMessage());
        } catch (IOException e) {
            throw new SettingsException("config file " + file + " cannot be read as UTF-8 text: " + e);
        }
    }

    private void put(String key, Config node, String origin) {
        if (node.isList()) {
            List<String> items = new ArrayList<>();
            for (Config item : node.asNodeList().orElse(List.of())) {
                items.add(item.asString().orElseThrow(
                        () -> new SettingsException("setting " + key + " in " + origin + ": list items must be scalars")));
            }
            values.put(key, new Value(items, true, origin));
        } else if (node.isLeaf()) {
            values.put(key, new Value(List.of(node.asString().orElse("")), false, origin));
        } else if (node.exists() && node.asNodeList().map(List::isEmpty).orElse(true)) {
            values.put(key, new Value(List.of(), true, origin));
        } else {
            throw new SettingsException("setting " + key + " in " + origin + " must be a value or a list, not a map");
        }
    }

    /** Environment variables named exactly as a key ({@code p2p_port}) or upper-cased ({@code P2P_PORT}). */
    void addEnvironment(Map<String, String> env, Set<String> known) {
        for (String key : known) {
            String value = Optional.ofNullable(env.get(key)).orElse(env.get(key.toUpperCase(Locale.ROOT)));
            if (value != null) {
                values.put(key, new Value(List.of(value), false, "environment"));
            }
        }
    }

    /** A list: a YAML list, or one string split on commas, '|' or white space (Teranode writes lists both ways). */
    List<String> list(String key) {
        Value v = values.get(key);
        if (v == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String item : v.items()) {
            Arrays.stream(v.list() ? new String[] {item} : item.split("[,|\\s]+"))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .forEach(out::add);
        }
        return List.copyOf(out);
    }

    /** The text of {@code key} as set (a list joined with commas), empty when no layer sets it. */
    Optional<String> text(String key) {
        Value v = values.get(key);
        return v == null ? Optional.empty() : Optional.of(v.text());
    }

    boolean has(String key) {
        return values.containsKey(key);
    }
}
