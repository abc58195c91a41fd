package dev.analyst.gateway.conversation;

import dev.analyst.gateway.auth.Caller;
import jakarta.validation.Valid;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The caller's conversations and what was said in them. */
@RestController
class ConversationController {

    static final int MAX_PAGE_SIZE = 100;

    private final DatabaseClient db;
    private final Conversations conversations;

    ConversationController(DatabaseClient db, Conversations conversations) {
        this.db = db;
        this.conversations = conversations;
    }

    /** One of the caller's conversations; 404 unless it is the caller's. */
    @GetMapping("/api/conversations/{conversationId}")
    Mono<ConversationView> conversation(
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable UUID conversationId) {
        return conversations.find(caller, conversationId);
    }

    /** Renames one of the caller's conversations; 404 unless it is the caller's. */
    @PatchMapping(path = "/api/conversations/{conversationId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ConversationView> rename(
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @PathVariable UUID conversationId,
            @Valid @RequestBody RenameConversation body) {
        return conversations.rename(caller, conversationId, body.title());
    }

    /** Deletes one of the caller's conversations with its messages and runs: 204, or 404 unless it is the caller's. */
    @DeleteMapping("/api/conversations/{conversationId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable UUID conversationId) {
        return conversations.delete(caller, conversationId);
    }

    /** The caller's conversations, most recently active first; {@code page} counts from 0. */
    @GetMapping("/api/conversations")
    Mono<ConversationPage> conversations(
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        var pageNumber = Math.max(page, 0);
        var pageSize = Math.clamp(size, 1, MAX_PAGE_SIZE);
        return db.sql("""
                        select id, title, created_at, updated_at from conversations
                        where tenant_id = :tenant and user_id = :user
                        order by updated_at desc, id desc
                        limit :limit offset :offset
                        """)
                .bind("tenant", caller.tenantId())
                .bind("user", caller.userId())
                // One row more than the page tells whether another page follows.
                .bind("limit", pageSize + 1)
                .bind("offset", (long) pageNumber * pageSize)
                .map((row, metadata) -> new ConversationView(
                        row.get("id", UUID.class),
                        row.get("title", String.class),
                        instant(row.get("created_at", OffsetDateTime.class)),
                        instant(row.get("updated_at", OffsetDateTime.class))))
                .all()
                .collectList()
                .map(rows -> new ConversationPage(
                        rows.size() > pageSize ? List.copyOf(rows.subList(0, pageSize)) : rows,
                        pageNumber,
                        pageSize,
                        rows.size() > pageSize));
    }

    /** The conversation's messages, oldest first; 404 unless the conversation is the caller's. */
    @GetMapping("/api/conversations/{conversationId}/messages")
    Mono<List<MessageView>> messages(
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable UUID conversationId) {
        var owned = db.sql("select 1 from conversations where id = :id and tenant_id = :tenant and user_id = :user")
                .bind("id", conversationId)
                .bind("tenant", caller.tenantId())
                .bind("user", caller.userId())
                .map((row, metadata) -> true)
                .one()
                .switchIfEmpty(Mono.error(() -> new ConversationNotFound(conversationId)));
        var messages = db.sql("""
                        select id, run_id, role, content, metadata::text as metadata, created_at from messages
                        where conversation_id = :id
                        order by created_at, role desc, id
                        """)
                .bind("id", conversationId)
                .map((row, metadata) -> new MessageView(
                        row.get("id", UUID.class),
                        row.get("run_id", UUID.class),
                        row.get("role", String.class),
                        row.get("content", String.class),
                        row.get("metadata", String.class),
                        instant(row.get("created_at", OffsetDateTime.class))))
                .all()
                .collectList();
        return owned.then(messages);
    }

    private static Instant instant(OffsetDateTime time) {
        return time.toInstant();
    }
}
