package dev.analyst.gateway.account;

import dev.analyst.gateway.auth.Caller;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Registering, signing in, refreshing and signing out. Refresh tokens come in families, one per sign-in:
 * each refresh uses up its token and issues the next of the family; a used token presented again means two
 * parties hold it (one of them a thief), so the whole family is revoked and both must sign in again.
 */
@Service
class Accounts {

    private static final String REFRESH_PREFIX = "rt_";

    private final DatabaseClient db;
    private final TransactionalOperator transactions;
    private final Passwords passwords;
    private final AccessTokens accessTokens;
    private final Duration refreshTtl;

    Accounts(
            DatabaseClient db,
            TransactionalOperator transactions,
            Passwords passwords,
            AccessTokens accessTokens,
            AccountProperties properties) {
        this.db = db;
        this.transactions = transactions;
        this.passwords = passwords;
        this.accessTokens = accessTokens;
        this.refreshTtl = properties.refreshTokenTtl();
    }

    /** Creates the account and its personal workspace, with the new user as owner, and signs them in. */
    Mono<Tokens> register(Registration registration) {
        var email = normalised(registration.email());
        var userId = UUID.randomUUID();
        var workspaceId = Secrets.workspaceId();
        var name = registration.workspaceName() == null
                        || registration.workspaceName().isBlank()
                ? "Personal"
                : registration.workspaceName().strip();
        return passwords
                .hash(registration.password())
                .flatMap(hash -> db.sql("insert into workspaces (id, name) values (:id, :name)")
                        .bind("id", workspaceId)
                        .bind("name", name)
                        .then()
                        .then(db.sql("""
                                        insert into users (id, email, password_hash, personal_workspace_id)
                                        values (:id, :email, :hash, :workspace)
                                        on conflict (email) do nothing
                                        """)
                                .bind("id", userId)
                                .bind("email", email)
                                .bind("hash", hash)
                                .bind("workspace", workspaceId)
                                .fetch()
                                .rowsUpdated())
                        // Failing here rolls back the workspace too.
                        .flatMap(inserted -> inserted == 0 ? Mono.error(new EmailTaken()) : Mono.just(inserted))
                        .then(Workspaces.addMember(db, workspaceId, userId, Caller.Role.OWNER))
                        .then(issue(userId, workspaceId, UUID.randomUUID()))
                        .as(transactions::transactional));
    }

    /** Tokens for the account with this email and password; {@link SignInFailed} alike for any mismatch. */
    Mono<Tokens> signIn(SignIn signIn) {
        return db.sql("select id, password_hash, personal_workspace_id from users where email = :email")
                .bind("email", normalised(signIn.email()))
                .map((row, metadata) -> new Account(
                        row.get("id", UUID.class),
                        row.get("password_hash", String.class),
                        row.get("personal_workspace_id", String.class)))
                .one()
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                // An unknown email is checked against a decoy hash, so it costs as much as a wrong password.
                .flatMap(account -> passwords
                        .matches(
                                signIn.password(),
                                account.map(Account::passwordHash).orElse(null))
                        .flatMap(matched -> matched
                                ? issue(account.get().id(), account.get().workspaceId(), UUID.randomUUID())
                                : Mono.error(new SignInFailed())));
    }

    /** Uses up the refresh token and issues the next of its family; presenting a used one revokes the family. */
    Mono<Tokens> refresh(String refreshToken) {
        var hash = Secrets.sha256(refreshToken);
        // One statement both checks and uses the token, so two concurrent refreshes cannot both succeed.
        return db.sql("""
                        update refresh_tokens t set used_at = now()
                        from users u
                        where t.token_hash = :hash and u.id = t.user_id
                          and t.used_at is null and t.revoked_at is null and t.expires_at > now()
                        returning t.user_id, t.family_id, u.personal_workspace_id
                        """)
                .bind("hash", hash)
                .map((row, metadata) -> new Refreshed(
                        row.get("user_id", UUID.class),
                        row.get("family_id", UUID.class),
                        row.get("personal_workspace_id", String.class)))
                .one()
                .flatMap(refreshed -> issue(refreshed.userId(), refreshed.workspaceId(), refreshed.familyId()))
                .as(transactions::transactional)
                // Outside the transaction above: the revocation must stick although the request fails.
                .switchIfEmpty(Mono.defer(() -> revokeFamilyOfReused(hash).then(Mono.error(new RefreshRefused()))));
    }

    /** Revokes the sign-in the refresh token belongs to, if it is the caller's; quietly does nothing otherwise. */
    Mono<Void> signOut(Caller caller, String refreshToken) {
        var userId = AccountIds.userId(caller);
        if (userId.isEmpty()) {
            return Mono.error(new AccountRequired());
        }
        return db.sql("""
                        update refresh_tokens set revoked_at = now()
                        where revoked_at is null and family_id = (
                            select family_id from refresh_tokens where token_hash = :hash and user_id = :user)
                        """)
                .bind("hash", Secrets.sha256(refreshToken))
                .bind("user", userId.get())
                .then();
    }

    private Mono<Void> revokeFamilyOfReused(byte[] hash) {
        // Only a token that was already used is a replay; an unknown or expired one is merely refused.
        return db.sql("""
                        update refresh_tokens set revoked_at = now()
                        where revoked_at is null and family_id = (
                            select family_id from refresh_tokens where token_hash = :hash and used_at is not null)
                        """).bind("hash", hash).then();
    }

    private Mono<Tokens> issue(UUID userId, String workspaceId, UUID familyId) {
        var refreshToken = Secrets.token(REFRESH_PREFIX);
        var access = accessTokens.issue(userId, workspaceId);
        return db.sql("""
                        insert into refresh_tokens (token_hash, family_id, user_id, expires_at)
                        values (:hash, :family, :user, :expires)
                        """)
                .bind("hash", Secrets.sha256(refreshToken))
                .bind("family", familyId)
                .bind("user", userId)
                .bind("expires", OffsetDateTime.now(ZoneOffset.UTC).plus(refreshTtl))
                .then()
                .thenReturn(new Tokens(
                        access.token(),
                        "Bearer",
                        accessTokens.ttl().toSeconds(),
                        refreshToken,
                        userId.toString(),
                        workspaceId));
    }

    static String normalised(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    private record Account(UUID id, String passwordHash, String workspaceId) {}

    private record Refreshed(UUID userId, UUID familyId, String workspaceId) {}
}
