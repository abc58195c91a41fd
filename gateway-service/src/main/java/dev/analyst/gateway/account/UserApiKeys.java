package dev.analyst.gateway.account;

import dev.analyst.gateway.auth.Caller;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * API keys that accounts make for their programs. A key acts as its maker in one workspace, and only while
 * they are still a member. Members see and revoke their own keys; owners and admins every key of the
 * workspace.
 */
@Service
class UserApiKeys {

    static final String PREFIX = "ak_";
    // "ak_" and 8 characters of the random part: enough to tell keys apart, far too few to guess the rest.
    private static final int SHOWN = PREFIX.length() + 8;

    private final DatabaseClient db;

    UserApiKeys(DatabaseClient db) {
        this.db = db;
    }

    Mono<CreatedApiKey> create(Caller caller, NewApiKey request) {
        var userId = AccountIds.userId(caller);
        if (userId.isEmpty()) {
            return Mono.error(new AccountRequired());
        }
        var id = UUID.randomUUID();
        var key = Secrets.token(PREFIX);
        var prefix = key.substring(0, SHOWN);
        var name = request.name().strip();
        var now = OffsetDateTime.now(ZoneOffset.UTC);
        // Only a member of the workspace can make one: a configured key's caller has no membership row.
        return db.sql("""
                        insert into api_keys (id, workspace_id, user_id, name, prefix, key_hash, created_at)
                        select :id, :workspace, :user, :name, :prefix, :hash, :now
                        where exists (select 1 from workspace_members where workspace_id = :workspace and user_id = :user)
                        """)
                .bind("id", id)
                .bind("workspace", caller.tenantId())
                .bind("user", userId.get())
                .bind("name", name)
                .bind("prefix", prefix)
                .bind("hash", Secrets.sha256(key))
                .bind("now", now)
                .fetch()
                .rowsUpdated()
                .flatMap(inserted -> inserted == 0
                        ? Mono.error(new AccountRequired())
                        : Mono.just(new CreatedApiKey(id, name, prefix, key, caller.tenantId(), now.toInstant())));
    }

    Flux<ApiKeyView> list(Caller caller) {
        var userId = AccountIds.userId(caller);
        if (userId.isEmpty()) {
            return Flux.error(new AccountRequired());
        }
        return db.sql("""
                        select id, name, prefix, user_id, created_at from api_keys
                        where workspace_id = :workspace and revoked_at is null and (:all or user_id = :user)
                        order by created_at desc, id
                        """)
                .bind("workspace", caller.tenantId())
                .bind("all", caller.administers())
                .bind("user", userId.get())
                .map((row, metadata) -> new ApiKeyView(
                        row.get("id", UUID.class),
                        row.get("name", String.class),
                        row.get("prefix", String.class),
                        row.get("user_id", UUID.class).toString(),
                        row.get("created_at", OffsetDateTime.class).toInstant()))
                .all();
    }

    Mono<Void> revoke(Caller caller, UUID keyId) {
        var userId = AccountIds.userId(caller);
        if (userId.isEmpty()) {
            return Mono.error(new AccountRequired());
        }
        return db.sql("""
                        update api_keys set revoked_at = now()
                        where id = :id and workspace_id = :workspace and revoked_at is null
                          and (:all or user_id = :user)
                        """)
                .bind("id", keyId)
                .bind("workspace", caller.tenantId())
                .bind("all", caller.administers())
                .bind("user", userId.get())
                .fetch()
                .rowsUpdated()
                .flatMap(revoked -> revoked == 0 ? Mono.error(new ApiKeyNotFound()) : Mono.<Void>empty());
    }

    /** The caller a presented key stands for, if it is live and its maker is still a member. */
    Mono<Caller> authenticate(String key) {
        return db.sql("""
                        select k.workspace_id, k.user_id, m.role from api_keys k
                        join workspace_members m on m.workspace_id = k.workspace_id and m.user_id = k.user_id
                        where k.key_hash = :hash and k.revoked_at is null
                        """)
                .bind("hash", Secrets.sha256(key))
                .map((row, metadata) -> new Caller(
                        row.get("workspace_id", String.class),
                        row.get("user_id", UUID.class).toString(),
                        Caller.Role.fromStored(row.get("role", String.class)),
                        true))
                .one();
    }
}
