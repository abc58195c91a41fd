package dev.analyst.gateway.conversation;

import dev.analyst.contracts.question.QuestionAsked;
import dev.analyst.gateway.agents.AgentSettings;
import dev.analyst.gateway.auth.Caller;
import dev.analyst.gateway.outbox.Outbox;
import dev.analyst.gateway.outbox.OutboxRelay;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Asks a question: the conversation, the user's message, the run and its {@code QuestionAsked}
 * outbox row are written in one transaction, so the question is either fully recorded and on its
 * way to the agent, or not recorded at all.
 */
@Service
public class Questions {

    static final int TITLE_LENGTH = 80;

    private final DatabaseClient db;
    private final TransactionalOperator transactions;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final AgentSettings agents;

    Questions(
            DatabaseClient db,
            TransactionalOperator transactions,
            Outbox outbox,
            OutboxRelay relay,
            AgentSettings agents) {
        this.db = db;
        this.agents = agents;
        this.transactions = transactions;
        this.outbox = outbox;
        this.relay = relay;
    }

    /**
     * Records the question and starts its run.
     *
     * @throws dev.analyst.gateway.agents.AgentTurnedOff (as the Mono's error) when it mentions an agent the
     *     caller turned off
     * @throws ConversationNotFound (as the Mono's error) when the conversation is not the caller's
     */
    public Mono<Asked> ask(Caller caller, AskQuestion request) {
        var runId = UUID.randomUUID();
        var now = Instant.now();
        var question = request.question().strip();
        var dataset = request.dataset() == null || request.dataset().isBlank()
                ? null
                : request.dataset().strip();
        var conversation = request.conversationId() == null
                ? startConversation(caller, question)
                : continueConversation(caller, request.conversationId());
        return agents.allow(caller, question)
                .then(conversation)
                .flatMap(conversationId -> insertRun(runId, conversationId, caller, question, dataset)
                        .then(insertUserMessage(conversationId, runId, question))
                        .then(outbox.append(new QuestionAsked(
                                UUID.randomUUID(),
                                now,
                                runId,
                                conversationId,
                                caller.tenantId(),
                                caller.userId(),
                                question,
                                dataset)))
                        .thenReturn(new Asked(runId, conversationId)))
                .as(transactions::transactional)
                // After the commit, so the relay sees the row at once instead of at the next poll.
                .doOnSuccess(asked -> relay.wake());
    }

    private Mono<UUID> startConversation(Caller caller, String question) {
        var id = UUID.randomUUID();
        return db.sql("insert into conversations (id, tenant_id, user_id, title) values (:id, :tenant, :user, :title)")
                .bind("id", id)
                .bind("tenant", caller.tenantId())
                .bind("user", caller.userId())
                .bind("title", title(question))
                .fetch()
                .rowsUpdated()
                .thenReturn(id);
    }

    private Mono<UUID> continueConversation(Caller caller, UUID conversationId) {
        return db.sql("""
                        update conversations set updated_at = now()
                        where id = :id and tenant_id = :tenant and user_id = :user
                        returning id
                        """)
                .bind("id", conversationId)
                .bind("tenant", caller.tenantId())
                .bind("user", caller.userId())
                .map((row, metadata) -> row.get("id", UUID.class))
                .one()
                .switchIfEmpty(Mono.error(() -> new ConversationNotFound(conversationId)));
    }

    private Mono<Void> insertUserMessage(UUID conversationId, UUID runId, String question) {
        return db.sql("""
                        insert into messages (id, conversation_id, run_id, role, content)
                        values (:id, :conversationId, :runId, 'user', :content)
                        """)
                .bind("id", UUID.randomUUID())
                .bind("conversationId", conversationId)
                .bind("runId", runId)
                .bind("content", question)
                .fetch()
                .rowsUpdated()
                .then();
    }

    private Mono<Void> insertRun(
            UUID runId, UUID conversationId, Caller caller, String question, @Nullable String dataset) {
        var insert = db.sql("""
                        insert into runs (run_id, conversation_id, tenant_id, user_id, question, dataset, status)
                        values (:runId, :conversationId, :tenant, :user, :question, :dataset, 'running')
                        """)
                .bind("runId", runId)
                .bind("conversationId", conversationId)
                .bind("tenant", caller.tenantId())
                .bind("user", caller.userId())
                .bind("question", question);
        insert = dataset == null ? insert.bindNull("dataset", String.class) : insert.bind("dataset", dataset);
        return insert.fetch().rowsUpdated().then();
    }

    /** A conversation is titled after its first question, on one line and short enough for a list. */
    static String title(String question) {
        var line = question.replaceAll("\\s+", " ").strip();
        if (line.codePointCount(0, line.length()) <= TITLE_LENGTH) {
            return line;
        }
        var end = line.offsetByCodePoints(0, TITLE_LENGTH - 1);
        return line.substring(0, end).stripTrailing() + "…";
    }

    /** What asking created: the run that will answer, in the conversation it belongs to. */
    public record Asked(UUID runId, UUID conversationId) {}
}
