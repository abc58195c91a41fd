package dev.analyst.contracts.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class StartupTests {

    @Test
    void aStartThatFailsExitsWithAFailureCode() {
        var exits = new ArrayList<Integer>();

        Startup.orExit(
                () -> {
                    throw new IllegalStateException("Port 8080 was already in use");
                },
                exits::add);

        assertThat(exits).containsExactly(Startup.FAILED);
    }

    @Test
    void aStartThatSucceedsLeavesTheProcessRunning() {
        var exits = new ArrayList<Integer>();

        Startup.orExit(() -> {}, exits::add);

        assertThat(exits).isEmpty();
    }
}
