package dev.analyst.contracts.run;

import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.ResultTable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The run answered: the whole answer in one event, for consumers that want the outcome rather than
 * the stream. Terminal.
 *
 * @param followUps questions the user could ask next, each one the analyst can answer
 */
public record AnswerCompleted(
        UUID eventId,
        Instant occurredAt,
        UUID runId,
        UUID conversationId,
        String tenantId,
        String text,
        String sql,
        ResultTable result,
        ChartSpec chart,
        List<String> followUps)
        implements RunEvent {

    public AnswerCompleted {
        // Answers recorded before suggestions existed read as having none.
        followUps = followUps == null ? List.of() : List.copyOf(followUps);
    }
}
