package dev.analyst.gateway.run;

import jakarta.validation.constraints.NotNull;

/** The body of {@code POST /api/runs/{runId}/feedback}: whether the answer was right. */
record AnswerFeedback(@NotNull Boolean correct) {}
