package dev.analyst.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.launcher.SseClient.ServerSentEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseClientTests {

    @Test
    void readsEventsOneAtATimeSkippingHeartbeats() {
        var lines = List.of(
                        "id: 1-0",
                        "event: RunStarted",
                        "data: {\"a\":1}",
                        "",
                        ": heartbeat",
                        "",
                        "id:2-0",
                        "event:AnswerCompleted",
                        "data:{\"b\":2}",
                        "")
                .iterator();

        assertThat(SseClient.next(lines)).isEqualTo(new ServerSentEvent("1-0", "RunStarted", "{\"a\":1}"));
        var last = SseClient.next(lines);
        assertThat(last).isEqualTo(new ServerSentEvent("2-0", "AnswerCompleted", "{\"b\":2}"));
        assertThat(SseClient.terminal(last)).isTrue();
        assertThat(SseClient.next(lines)).isNull();
    }

    @Test
    void anEventCutOffBeforeItsBlankLineIsNotAnEvent() {
        var lines = List.of("id: 1-0", "event: RunStarted", "data: {}").iterator();

        assertThat(SseClient.next(lines)).isNull();
    }
}
