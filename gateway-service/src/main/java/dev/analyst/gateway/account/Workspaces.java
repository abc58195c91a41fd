package dev.analyst.gateway.account;

import dev.analyst.gateway.auth.Caller;
import dev.analyst.gateway.auth.Caller.Role;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Workspaces and their members. Every operation looks up the caller's role in the workspace it names (not
 * the one the request acts in), so a workspace the caller is not in is "not found" whatever its id.
 */
@Service
class Workspaces {

    private final DatabaseClient db;
    private final TransactionalOperator transactions;

    Workspaces(DatabaseClient db, TransactionalOperator transactions) {
        this.db = db;
        this.transactions = transactions;
    }

    static Mono<Void> addMember(DatabaseClient db, String workspaceId, UUID userId, Role role) {
        return db.sql("insert into workspace_members (workspace_id, user_id, role) values (:workspace, :user, :role)")
                .bind("workspace", workspaceId)
                .bind("user", userId)
                .bind("role", role.stored())
                .then();
    }

    /** The user's role in the workspace; empty when they are not a member or it does not exist. */
    Mono<Role> roleOf(String workspaceId, UUID userId) {
        return db.sql("select role from workspace_members where workspace_id = :workspace and user_id = :user")
                .bind("workspace", workspaceId)
                .bind("user", userId)
                .map((row, metadata) -> Role.fromStored(row.get("role", String.class)))
                .one();
    }

    Flux<WorkspaceView> of(Caller caller) {
        var userId = AccountIds.userId(caller).orElseThrow(AccountRequired::new);
        return db.sql("""
                        select w.id, w.name, m.role, u.personal_workspace_id = w.id as personal
                        from workspace_members m
                        join workspaces w on w.id = m.workspace_id
                        join users u on u.id = m.user_id
                        where m.user_id = :user
                        order by personal desc, w.created_at, w.id
                        """)
                .bind("user", userId)
                .map((row, metadata) -> new WorkspaceView(
                        row.get("id", String.class),
                        row.get("name", String.class),
                        row.get("role", String.class),
                        Boolean.TRUE.equals(row.get("personal", Boolean.class))))
                .all();
    }

    Mono<WorkspaceView> create(Caller caller, NewWorkspace workspace) {
        var userId = AccountIds.userId(caller).orElseThrow(AccountRequired::new);
        var id = Secrets.workspaceId();
        var name = workspace.name().strip();
        return db.sql("insert into workspaces (id, name) values (:id, :name)")
                .bind("id", id)
                .bind("name", name)
                .then()
                .then(addMember(db, id, userId, Role.OWNER))
                .as(transactions::transactional)
                .thenReturn(new WorkspaceView(id, name, Role.OWNER.stored(), false));
    }

    Flux<MemberView> members(Caller caller, String workspaceId) {
        return member(caller, workspaceId)
                .thenMany(db.sql("""
                                select m.user_id, u.email, m.role, m.created_at
                                from workspace_members m join users u on u.id = m.user_id
                                where m.workspace_id = :workspace
                                order by m.created_at, u.email
                                """)
                        .bind("workspace", workspaceId)
                        .map((row, metadata) -> new MemberView(
                                row.get("user_id", UUID.class).toString(),
                                row.get("email", String.class),
                                row.get("role", String.class),
                                row.get("created_at", OffsetDateTime.class).toInstant()))
                        .all());
    }

    Mono<MemberView> add(Caller caller, String workspaceId, NewMember member) {
        var email = Accounts.normalised(member.email());
        return administrator(caller, workspaceId)
                .then(db.sql("select id from users where email = :email")
                        .bind("email", email)
                        .map((row, metadata) -> row.get("id", UUID.class))
                        .one()
                        .switchIfEmpty(Mono.error(AccountNotFound::new)))
                .flatMap(userId -> db.sql("""
                                insert into workspace_members (workspace_id, user_id, role)
                                values (:workspace, :user, :role)
                                on conflict (workspace_id, user_id) do nothing
                                returning created_at
                                """)
                        .bind("workspace", workspaceId)
                        .bind("user", userId)
                        .bind("role", member.role())
                        .map((row, metadata) -> new MemberView(
                                userId.toString(),
                                email,
                                member.role(),
                                row.get("created_at", OffsetDateTime.class).toInstant()))
                        .one()
                        .switchIfEmpty(Mono.error(AlreadyMember::new)));
    }

    /**
     * Removes a member: owners and admins may remove anyone but the owner, and anyone but the owner may
     * leave. Their API keys for the workspace stop working with it, since a key works only for a member.
     */
    Mono<Void> remove(Caller caller, String workspaceId, UUID userId) {
        var self = AccountIds.userId(caller).map(userId::equals).orElse(false);
        var allowed = self ? member(caller, workspaceId).then() : administrator(caller, workspaceId);
        return allowed.then(roleOf(workspaceId, userId))
                .switchIfEmpty(Mono.error(MemberNotFound::new))
                .flatMap(role -> role == Role.OWNER
                        ? Mono.error(new OwnerStays())
                        : db.sql("delete from workspace_members where workspace_id = :workspace and user_id = :user")
                                .bind("workspace", workspaceId)
                                .bind("user", userId)
                                .then());
    }

    private Mono<Role> member(Caller caller, String workspaceId) {
        var userId = AccountIds.userId(caller);
        if (userId.isEmpty()) {
            return Mono.error(new AccountRequired());
        }
        return roleOf(workspaceId, userId.get()).switchIfEmpty(Mono.error(WorkspaceNotFound::new));
    }

    private Mono<Void> administrator(Caller caller, String workspaceId) {
        return member(caller, workspaceId)
                .flatMap(role -> role == Role.OWNER || role == Role.ADMIN
                        ? Mono.<Void>empty()
                        : Mono.error(new AdministratorRequired()));
    }
}
