package dev.analyst.agent.run;

import dev.analyst.agent.builtin.Meanings;
import dev.analyst.agent.stage.AskedQuestion.Example;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The tenant's answers marked correct, and the ones most like a new question. Questions are compared
 * by their all-MiniLM-L6-v2 sentence embeddings; only close ones count, so an example never steers a
 * question it does not resemble.
 */
@Component
class Examples {

    /**
     * How alike two questions must be for one to be an example for the other: "What is the average
     * price?" and "what is the average price of the houses?" are 0.74 alike, "... average area?" 0.53.
     */
    static final double SIMILAR = 0.7;

    private static final int MOST = 2;
    /** The newest examples a tenant's question is compared with. */
    private static final int COMPARED = 500;

    private final DatabaseClient database;
    private final Meanings meanings;

    Examples(DatabaseClient database, Meanings meanings) {
        this.database = database;
        this.meanings = meanings;
    }

    /** The tenant's newest examples, to be ranked against a question once its embedding is known. */
    Mono<List<Stored>> of(String tenantId) {
        return database.sql("""
                        SELECT dataset, question, sql, embedding FROM example WHERE tenant_id = :tenantId
                         ORDER BY created_at DESC LIMIT :most""")
                .bind("tenantId", tenantId)
                .bind("most", COMPARED)
                .map(row -> new Stored(
                        row.get("dataset", String.class),
                        row.get("question", String.class),
                        row.get("sql", String.class),
                        unboxed(row.get("embedding", Float[].class))))
                .all()
                .collectList();
    }

    /** The examples most like the question, the closest first; of one dataset when it is named. */
    List<Example> similar(List<Stored> stored, String question, @Nullable String dataset) {
        if (stored.isEmpty()) {
            return List.of();
        }
        var asked = meanings.sentence(question);
        return stored.stream()
                .filter(example -> dataset == null || example.dataset().equalsIgnoreCase(dataset))
                .map(example -> new Example(
                        example.dataset(),
                        example.question(),
                        example.sql(),
                        Meanings.similarity(asked, example.embedding())))
                .filter(example -> example.similarity() >= SIMILAR)
                .sorted(Comparator.comparingDouble(Example::similarity).reversed())
                .limit(MOST)
                .toList();
    }

    /** Keeps a run's answer as an example, or replaces the one it was. */
    Mono<Long> keep(UUID runId, String tenantId, String dataset, String question, String sql) {
        var embedding = boxed(meanings.sentence(question));
        return database.sql("""
                        INSERT INTO example (run_id, tenant_id, dataset, question, sql, embedding)
                        VALUES (:runId, :tenantId, :dataset, :question, :sql, :embedding)
                        ON CONFLICT (run_id) DO UPDATE SET question = excluded.question, sql = excluded.sql,
                               embedding = excluded.embedding""")
                .bind("runId", runId)
                .bind("tenantId", tenantId)
                .bind("dataset", dataset)
                .bind("question", question)
                .bind("sql", sql)
                .bind("embedding", embedding)
                .fetch()
                .rowsUpdated();
    }

    /** A run's answer marked wrong after all is an example no more. */
    Mono<Long> forget(UUID runId, String tenantId) {
        return database.sql("DELETE FROM example WHERE run_id = :runId AND tenant_id = :tenantId")
                .bind("runId", runId)
                .bind("tenantId", tenantId)
                .fetch()
                .rowsUpdated()
                // Nothing to forget is still the state asked for.
                .map(ignored -> 1L);
    }

    private static float[] unboxed(Float[] values) {
        var unboxed = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            unboxed[i] = values[i];
        }
        return unboxed;
    }

    private static Float[] boxed(float[] values) {
        var boxed = new Float[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }

    /** An example as stored: its question's embedding still to be compared. */
    record Stored(String dataset, String question, String sql, float[] embedding) {}
}
