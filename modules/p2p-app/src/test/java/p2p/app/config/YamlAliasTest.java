package p2p.app.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * YAML anchors and aliases are refused before Helidon expands them (found by SettingsProperties.operatorYaml: the
 * 300-byte file below, three levels of ten aliases, made Helidon allocate 27 MB of config nodes).
 */
class YamlAliasTest {

    @TempDir
    Path dir;

    @Test
    void nestedAliasesAreRefusedNamingTheFileAndLine() throws IOException {
        Path file = Files.writeString(dir.resolve("laughs.yaml"), """
                a0: &a0 [x]
                a1: &a1 [*a0,*a0,*a0,*a0,*a0,*a0,*a0,*a0,*a0,*a0]
                a2: &a2 [*a1,*a1,*a1,*a1,*a1,*a1,*a1,*a1,*a1,*a1]
                a3: &a3 [*a2,*a2,*a2,*a2,*a2,*a2,*a2,*a2,*a2,*a2]
                p2p_static_peers: *a3
                """);
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(List.of(file), Map.of()));
        assertEquals("config file " + file + " uses a YAML anchor or alias (line 1), which settings files do not "
                + "support", e.getMessage());
    }

    @Test
    void anOversizedFileIsRefusedBeforeParsing() throws IOException {
        Path file = Files.writeString(dir.resolve("big.yaml"), "# " + "x".repeat((int) RawSettings.MAX_YAML_BYTES));
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(List.of(file), Map.of()));
        assertTrue(e.getMessage().contains("more than the " + RawSettings.MAX_YAML_BYTES), e.getMessage());
    }

    @Test
    void plainYamlStillLoads() throws IOException {
        Path file = Files.writeString(dir.resolve("plain.yaml"), "p2p_port: 9911\nclientName: \"a & b *c\"\n");
        assertEquals(9911, SettingsLoader.load(List.of(file), Map.of()).port());
    }
}
