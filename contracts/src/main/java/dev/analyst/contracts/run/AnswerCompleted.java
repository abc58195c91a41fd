package dev.analyst.contracts.run;

import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.ResultTable;
import java.time.Instant;
import java.util.UUID;

/**
 * The run answered: the whole answer in one event, for consumers that want the outcome rather than
 * the stream. Terminal.
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
        ChartSpec chart)
        implements RunEvent {}
