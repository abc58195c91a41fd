package dev.analyst.contracts.run;

import dev.analyst.contracts.ChartFigure;
import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.analysis.AnalysisResult;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The run answered: the whole answer in one event, for consumers that want the outcome rather than
 * the stream. Terminal.
 *
 * @param followUps questions the user could ask next, each one the analyst can answer
 * @param figure the chart drawn as a Plotly figure, or null when it could not be drawn
 * @param analysis what an analysis operation found, when the answer came from one
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
        List<String> followUps,
        @Nullable ChartFigure figure,
        @Nullable AnalysisResult analysis)
        implements RunEvent {

    public AnswerCompleted {
        // Answers recorded before suggestions existed read as having none.
        followUps = followUps == null ? List.of() : List.copyOf(followUps);
    }

    /** An answer from a query alone, its chart not drawn. */
    public AnswerCompleted(
            UUID eventId,
            Instant occurredAt,
            UUID runId,
            UUID conversationId,
            String tenantId,
            String text,
            String sql,
            ResultTable result,
            ChartSpec chart,
            List<String> followUps) {
        this(eventId, occurredAt, runId, conversationId, tenantId, text, sql, result, chart, followUps, null, null);
    }
}
