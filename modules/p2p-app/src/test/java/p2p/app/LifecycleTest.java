package p2p.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTest {
    private final List<String> log = new ArrayList<>();

    private Lifecycle.Stage recording(String name) {
        return () -> {
            log.add("start " + name);
            return () -> log.add("stop " + name);
        };
    }

    @Test
    void stopsInReverseOrderOfStart() {
        Lifecycle lifecycle = new Lifecycle();
        lifecycle.start("a", recording("a"));
        lifecycle.start("b", recording("b"));
        assertEquals(List.of("a", "b"), lifecycle.startedStages());
        lifecycle.close();
        assertEquals(List.of("start a", "start b", "stop b", "stop a"), log);
    }

    @Test
    void failedStartUnwindsStartedStagesAndNamesTheStage() {
        Lifecycle lifecycle = new Lifecycle();
        lifecycle.start("a", recording("a"));
        StartupException e = assertThrows(StartupException.class,
                () -> lifecycle.start("ban list", () -> {
                    throw new IllegalStateException("disk full");
                }));
        assertEquals("ban list", e.stage());
        assertEquals("cannot start ban list: disk full", e.getMessage());
        assertEquals(List.of("start a", "stop a"), log);
        assertEquals(List.of(), lifecycle.startedStages());
    }

    @Test
    void everyStageIsStoppedEvenWhenOneFailsAndTheFirstFailureIsReported() {
        Lifecycle lifecycle = new Lifecycle();
        lifecycle.start("a", recording("a"));
        lifecycle.start("b", () -> () -> {
            throw new IllegalStateException("b broke");
        });
        lifecycle.start("c", () -> () -> {
            throw new IllegalStateException("c broke");
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, lifecycle::close);
        assertTrue(e.getMessage().startsWith("stopping c failed"), e.getMessage());
        assertEquals(1, e.getSuppressed().length);
        assertEquals(List.of("start a", "stop a"), log);
    }

    @Test
    void noStartAfterClose() {
        Lifecycle lifecycle = new Lifecycle();
        lifecycle.close();
        assertThrows(IllegalStateException.class, () -> lifecycle.start("late", recording("late")));
        assertEquals(List.of(), log);
    }
}
