package dev.analyst.gateway.conversation;

import dev.analyst.gateway.auth.Caller;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * One conversation of the caller: read, renamed or deleted. A conversation of another tenant or user
 * is {@link ConversationNotFound}, exactly like one that does not exist, so ids reveal nothing.
 */
@Service
class Conversations {

    private final DatabaseClient db;
    private final TransactionalOperator transactions;

    Conversations(DatabaseClient db, TransactionalOperator transactions) {
        this.db = db;
        this.transactions = transactions;
    }

    Mono<ConversationView> find(Caller caller, UUID conversationId) {
        return db.sql("""
                        select id, title, created_at, updated_at from conversations
                        where id = :id and tenant_id = :tenant and user_id = :user
                        """)
                .bind("id", conversationId)
                .bind("tenant", caller.tenantId())
                .bind("user", caller.userId())
                .map((row, metadata) -> view(row))
                .one()
                .switchIfEmpty(Mono.error(() -> new ConversationNotFound(conversationId)));
    }

    /** Renaming is not activity: the conversation keeps its place in the list. */
    Mono<ConversationView> rename(Caller caller, UUID conversationId, String title) {
        return db.sql("""
                        update conversations set title = :title
                        where id = :id and tenant_id = :tenant and user_id = :user
                        returning id, title, created_at, updated_at
                        """)
                .bind("title", title(title))
                .bind("id", conversationId)
                .bind("tenant", caller.tenantId())
                .bind("user", caller.userId())
                .map((row, metadata) -> view(row))
                .one()
                .switchIfEmpty(Mono.error(() -> new ConversationNotFound(conversationId)));
    }

    /**
     * Deletes the conversation with its messages and runs, in one transaction. Its runs and then the
     * conversation are locked first, so an answer being recorded for one of its runs either lands before
     * (and is deleted with it) or finds its run gone.
     */
    Mono<Void> delete(Caller caller, UUID conversationId) {
        var owned = db.sql("""
                        select id from conversations
                        where id = :id and tenant_id = :tenant and user_id = :user
                        for update
                        """)
                .bind("id", conversationId)
                .bind("tenant", caller.tenantId())
                .bind("user", caller.userId())
                .map((row, metadata) -> true)
                .one()
                .switchIfEmpty(Mono.error(() -> new ConversationNotFound(conversationId)));
        // The runs are locked before the conversation, in the order an ending run takes its locks (its run
        // row, then the conversation its message refers to): a run ending meanwhile finishes first, or
        // finds its run gone; the two never wait on each other.
        var runsLocked = db.sql("""
                        select run_id from runs
                        where conversation_id = :id and tenant_id = :tenant and user_id = :user
                        for update""")
                .bind("id", conversationId)
                .bind("tenant", caller.tenantId())
                .bind("user", caller.userId())
                .fetch()
                .all()
                .then();
        return runsLocked
                .then(owned)
                .then(deleteWhere("delete from messages where conversation_id = :id", conversationId))
                .then(deleteWhere("delete from runs where conversation_id = :id", conversationId))
                .then(deleteWhere("delete from conversations where id = :id", conversationId))
                .as(transactions::transactional)
                .then();
    }

    private Mono<Long> deleteWhere(String sql, UUID conversationId) {
        return db.sql(sql).bind("id", conversationId).fetch().rowsUpdated();
    }

    /** A title on one line, as the list shows it. */
    static String title(String title) {
        return title.replaceAll("\\s+", " ").strip();
    }

    private static ConversationView view(Readable row) {
        return new ConversationView(
                row.get("id", UUID.class),
                row.get("title", String.class),
                row.get("created_at", OffsetDateTime.class).toInstant(),
                row.get("updated_at", OffsetDateTime.class).toInstant());
    }
}
