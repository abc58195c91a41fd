package dev.analyst.agent.run;

import dev.analyst.agent.messaging.EventCodec;
import dev.analyst.agent.run.RunCoordinator.WrittenAnswer;
import dev.analyst.agent.stage.Plan;
import dev.analyst.contracts.question.QuestionAsked;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Writes the {@code run} table, for ordinary runs and deep analyses alike: a run is inserted once, and
 * moved on only from the step and status it was in, so a redelivered or late result changes nothing.
 */
@Component
class RunRows {

    private final DatabaseClient database;
    private final EventCodec codec;

    RunRows(DatabaseClient database, EventCodec codec) {
        this.database = database;
        this.codec = codec;
    }

    /** The run of a question, unless a handling of the same question already wrote it. */
    Mono<Long> insert(
            QuestionAsked question, String status, @Nullable UUID stepId, @Nullable Plan plan, @Nullable DeepRun deep) {
        var insert = database.sql("""
                        INSERT INTO run (run_id, conversation_id, tenant_id, user_id, question, status, step_id, plan, deep)
                        VALUES (:runId, :conversationId, :tenantId, :userId, :question, :status, :stepId, :plan,
                                CAST(:deep AS jsonb))
                        ON CONFLICT (run_id) DO NOTHING""")
                .bind("runId", question.runId())
                .bind("conversationId", question.conversationId())
                .bind("tenantId", question.tenantId())
                .bind("userId", question.userId())
                .bind("question", question.question())
                .bind("status", status);
        insert = stepId == null ? insert.bindNull("stepId", UUID.class) : insert.bind("stepId", stepId);
        insert = plan == null ? insert.bindNull("plan", String.class) : insert.bind("plan", codec.writeValue(plan));
        insert = deep == null ? insert.bindNull("deep", String.class) : insert.bind("deep", codec.writeValue(deep));
        return insert.fetch().rowsUpdated();
    }

    /**
     * Moves a run on from the step {@code fromStepId} in status {@code from}; 0 rows when it has moved
     * on already.
     *
     * @param stepId the step it waits for next; null to keep {@code fromStepId}
     * @param answer the answer kept while its chart is drawn
     * @param deep where a deep analysis stands; null for an ordinary run
     */
    Mono<Long> move(
            UUID runId,
            @Nullable UUID fromStepId,
            String from,
            String status,
            @Nullable UUID stepId,
            int attempt,
            Plan plan,
            @Nullable WrittenAnswer answer,
            @Nullable DeepRun deep) {
        var update = database.sql("""
                        UPDATE run SET status = :status, step_id = :newStepId, attempt = :attempt, plan = :plan,
                               answer = :answer, deep = CAST(:deep AS jsonb), updated_at = now()
                         WHERE run_id = :runId AND step_id = :stepId AND status = :from""")
                .bind("status", status)
                .bind("attempt", attempt)
                .bind("plan", codec.writeValue(plan))
                .bind("runId", runId)
                .bind("stepId", Objects.requireNonNull(fromStepId))
                .bind("from", from)
                .bind("newStepId", stepId == null ? fromStepId : stepId);
        update = answer == null
                ? update.bindNull("answer", String.class)
                : update.bind("answer", codec.writeValue(answer));
        update = deep == null ? update.bindNull("deep", String.class) : update.bind("deep", codec.writeValue(deep));
        return update.fetch().rowsUpdated();
    }

    /**
     * Stops the user's run if it still waits for a step (a deep analysis included): 1 row, or 0 when it has
     * ended, is someone else's, or is not known here.
     */
    Mono<Long> cancel(UUID runId, String tenantId, String userId) {
        return database.sql("""
                        UPDATE run SET status = 'failed', updated_at = now()
                         WHERE run_id = :runId AND tenant_id = :tenantId AND user_id = :userId
                           AND status IN ('executing', 'charting')""")
                .bind("runId", runId)
                .bind("tenantId", tenantId)
                .bind("userId", userId)
                .fetch()
                .rowsUpdated();
    }
}
