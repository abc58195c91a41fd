package dev.analyst.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventSequencesTests {

    private static final List<String> REPLAY = List.of("1-0", "2-0", "3-0", "4-0");

    @Test
    void theSameIdsInTheSameOrderAreFine() {
        assertThat(EventSequences.compare(REPLAY, List.of("1-0", "2-0", "3-0", "4-0")))
                .isEmpty();
    }

    @Test
    void anEventReceivedBeforeAndAfterTheDropIsADuplicate() {
        var mismatch = EventSequences.compare(REPLAY, List.of("1-0", "2-0", "2-0", "3-0", "4-0"));

        assertThat(mismatch).hasValueSatisfying(found -> {
            assertThat(found.problem()).isEqualTo("duplicated events");
            assertThat(found.detail()).contains("duplicated [2-0]");
        });
    }

    @Test
    void anEventSkippedByTheResumeIsMissing() {
        var mismatch = EventSequences.compare(REPLAY, List.of("1-0", "3-0", "4-0"));

        assertThat(mismatch).hasValueSatisfying(found -> {
            assertThat(found.problem()).isEqualTo("missing events");
            assertThat(found.detail()).contains("missing [2-0]");
        });
    }

    @Test
    void bothAreReportedTogether() {
        var mismatch = EventSequences.compare(REPLAY, List.of("1-0", "1-0", "3-0", "4-0"));

        assertThat(mismatch)
                .hasValueSatisfying(
                        found -> assertThat(found.problem()).isEqualTo("duplicated events and missing events"));
    }

    @Test
    void theSameEventsInAnotherOrderAreOutOfOrder() {
        var mismatch = EventSequences.compare(REPLAY, List.of("1-0", "3-0", "2-0", "4-0"));

        assertThat(mismatch)
                .hasValueSatisfying(found -> assertThat(found.problem()).isEqualTo("events out of order"));
    }
}
