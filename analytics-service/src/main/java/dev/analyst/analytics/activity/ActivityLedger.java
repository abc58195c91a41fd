package dev.analyst.analytics.activity;

import static dev.analyst.analytics.ledger.DayRange.startOf;
import static dev.analyst.analytics.ledger.Rows.require;

import dev.analyst.contracts.question.AnswerRated;
import dev.analyst.contracts.question.QuestionAsked;
import java.time.LocalDate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code question} and {@code answer_rating} tables (one row per event id), and the daily activity
 * and feedback reports, which also read the usage rollup and each user's first day.
 */
@Repository
class ActivityLedger {

    private static final String INSERT_QUESTION = """
            INSERT INTO question (event_id, occurred_at, run_id, conversation_id, tenant_id, user_id)
            VALUES (:eventId, :occurredAt, :runId, :conversationId, :tenantId, :userId)
            ON CONFLICT (event_id) DO NOTHING
            """;

    private static final String INSERT_RATING = """
            INSERT INTO answer_rating (event_id, occurred_at, run_id, conversation_id, tenant_id, user_id, correct)
            VALUES (:eventId, :occurredAt, :runId, :conversationId, :tenantId, :userId, :correct)
            ON CONFLICT (event_id) DO NOTHING
            """;

    /** Every day of the range, with users from the rollup and questions from the question table. */
    private static final String ACTIVITY = """
            WITH days AS (
                SELECT CAST(d AS date) AS day
                FROM generate_series(CAST(:from AS timestamp), CAST(:to AS timestamp), interval '1 day') AS d
            ), active AS (
                -- Distinct users read in the order of the rollup's primary key (day, tenant, user, ...), so
                -- this is an index-only scan without a sort; count(DISTINCT (tenant_id, user_id)) sorted
                -- every day's row values instead, several times slower.
                SELECT day, count(*) AS active_users
                FROM (SELECT DISTINCT day, tenant_id, user_id FROM daily_usage WHERE day BETWEEN :from AND :to) AS u
                GROUP BY day
            ), newcomers AS (
                SELECT first_day AS day, count(*) AS new_users
                FROM user_first_call WHERE first_day BETWEEN :from AND :to GROUP BY first_day
            ), asked AS (
                SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day, count(*) AS questions,
                       count(DISTINCT conversation_id) AS conversations,
                       count(DISTINCT (tenant_id, user_id)) AS asking_users
                FROM question WHERE occurred_at >= :since AND occurred_at < :until GROUP BY 1
            )
            SELECT days.day,
                   coalesce(active.active_users, 0)::bigint AS active_users,
                   coalesce(newcomers.new_users, 0)::bigint AS new_users,
                   coalesce(asked.asking_users, 0)::bigint AS asking_users,
                   coalesce(asked.conversations, 0)::bigint AS conversations,
                   coalesce(asked.questions, 0)::bigint AS questions
            FROM days
            LEFT JOIN active USING (day)
            LEFT JOIN newcomers USING (day)
            LEFT JOIN asked USING (day)
            ORDER BY days.day
            """;

    /** Each run's latest rating in the range counts once, on the day it was given. */
    private static final String FEEDBACK = """
            WITH latest AS (
                SELECT DISTINCT ON (run_id) (occurred_at AT TIME ZONE 'UTC')::date AS day, correct
                FROM answer_rating
                WHERE occurred_at >= :since AND occurred_at < :until
                ORDER BY run_id, occurred_at DESC, event_id DESC
            )
            SELECT day, count(*) FILTER (WHERE correct) AS helpful, count(*) FILTER (WHERE NOT correct) AS not_helpful
            FROM latest GROUP BY day ORDER BY day
            """;

    private final DatabaseClient database;

    ActivityLedger(DatabaseClient database) {
        this.database = database;
    }

    /** Records a question unless its event id is already there; emits whether a new row was written. */
    Mono<Boolean> asked(QuestionAsked asked) {
        return database.sql(INSERT_QUESTION)
                .bind("eventId", asked.eventId())
                .bind("occurredAt", asked.occurredAt())
                .bind("runId", asked.runId())
                .bind("conversationId", asked.conversationId())
                .bind("tenantId", asked.tenantId())
                .bind("userId", asked.userId())
                .fetch()
                .rowsUpdated()
                .map(rows -> rows > 0);
    }

    /** Records a rating unless its event id is already there; emits whether a new row was written. */
    Mono<Boolean> rated(AnswerRated rated) {
        return database.sql(INSERT_RATING)
                .bind("eventId", rated.eventId())
                .bind("occurredAt", rated.occurredAt())
                .bind("runId", rated.runId())
                .bind("conversationId", rated.conversationId())
                .bind("tenantId", rated.tenantId())
                .bind("userId", rated.userId())
                .bind("correct", rated.correct())
                .fetch()
                .rowsUpdated()
                .map(rows -> rows > 0);
    }

    Flux<DailyActivity> activity(LocalDate from, LocalDate to) {
        return database.sql(ACTIVITY)
                .bind("from", from)
                .bind("to", to)
                .bind("since", startOf(from))
                .bind("until", startOf(to.plusDays(1)))
                .map(row -> new DailyActivity(
                        require(row, "day", LocalDate.class),
                        require(row, "active_users", Long.class),
                        require(row, "new_users", Long.class),
                        require(row, "asking_users", Long.class),
                        require(row, "conversations", Long.class),
                        require(row, "questions", Long.class)))
                .all();
    }

    Flux<DailyFeedback> feedback(LocalDate from, LocalDate to) {
        return database.sql(FEEDBACK)
                .bind("since", startOf(from))
                .bind("until", startOf(to.plusDays(1)))
                .map(row -> new DailyFeedback(
                        require(row, "day", LocalDate.class),
                        require(row, "helpful", Long.class),
                        require(row, "not_helpful", Long.class)))
                .all();
    }
}
