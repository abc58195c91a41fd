package dev.analyst.gateway.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.analyst.contracts.Topic;
import dev.analyst.infra.Infrastructure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.NewTopic;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Accounts through the gateway against real PostgreSQL, Kafka and Redis: registering, signing in, tokens,
 * API keys, workspaces and their members, and each workspace's data kept from the others.
 */
// Every test signs up and in from 127.0.0.1: far more than one address may in a minute (EdgeProtectionIT
// checks that limit).
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "analyst.gateway.rate-limits.sign-in-per-minute=10000")
@AutoConfigureWebTestClient(timeout = "30s") // a shared 2-core CI machine can take more than the default 5 s
class AccountsIT {

    private static final String CONFIGURED_KEY = "accounts-it-configured-key";
    private static final String PASSWORD = "correct horse battery staple";

    private static final IngestionStub ingestion = IngestionStub.start();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        Infrastructure.shared().environment().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("ANALYST_API_KEYS", () -> CONFIGURED_KEY + ":acme:alice");
        registry.add("ANALYST_INGESTION_URL", ingestion::url);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class RunEventsTopic {

        // Declared by agent-service in the suite; the broker does not create topics on demand.
        @Bean
        NewTopic runEventsTopic() {
            return TopicBuilder.name(Topic.RUN_EVENTS.topicName())
                    .partitions(Topic.PARTITIONS)
                    .replicas(1)
                    .build();
        }
    }

    @Autowired
    private WebTestClient web;

    @Autowired
    private AccountProperties properties;

    @Autowired
    private DatabaseClient db;

    @AfterAll
    static void stopIngestion() {
        ingestion.stop();
    }

    @Test
    void registersAnAccountWithAPersonalWorkspaceItOwnsAndSignsItIn() {
        var email = uniqueEmail("ada");
        var registered = register(email);
        assertThat(registered.get("tokenType").asString()).isEqualTo("Bearer");
        assertThat(registered.get("expiresIn").asLong()).isBetween(60L, 900L);
        var workspaceId = registered.get("workspaceId").asString();
        assertThat(workspaceId).matches("[a-z0-9_]{1,40}");

        var me = get("/api/auth/me", registered.get("accessToken").asString(), null)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(me.get("workspaceId").asString()).isEqualTo(workspaceId);
        assertThat(me.get("userId").asString())
                .isEqualTo(registered.get("userId").asString());
        assertThat(me.get("role").asString()).isEqualTo("owner");

        // Either sign-in path, and the email's case does not matter.
        for (var path : List.of("/api/auth/token", "/api/auth/login")) {
            var signedIn = signIn(path, email.toUpperCase(), PASSWORD)
                    .expectStatus()
                    .isOk()
                    .expectBody(JsonNode.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(signedIn.get("workspaceId").asString()).isEqualTo(workspaceId);
            get("/api/auth/me", signedIn.get("accessToken").asString(), null)
                    .expectStatus()
                    .isOk();
        }

        web.post()
                .uri("/api/auth/register")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", PASSWORD))
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT);
        web.post()
                .uri("/api/auth/register")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", uniqueEmail("short"), "password", "too-short"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void answersAWrongPasswordAndAnUnknownEmailAlike() {
        var email = uniqueEmail("bea");
        register(email);

        var wrongPassword = signIn("/api/auth/token", email, "not the password at all")
                .expectStatus()
                .isUnauthorized()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        var unknownEmail = signIn("/api/auth/token", uniqueEmail("nobody"), PASSWORD)
                .expectStatus()
                .isUnauthorized()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(wrongPassword.get("detail")).isEqualTo(unknownEmail.get("detail"));
        assertThat(wrongPassword.get("title")).isEqualTo(unknownEmail.get("title"));
        assertThat(wrongPassword.toString()).doesNotContain(email);
    }

    @Test
    void refusesExpiredForgedEditedAndUnsignedAccessTokens() {
        var registered = register(uniqueEmail("cy"));
        var userId = UUID.fromString(registered.get("userId").asString());
        var workspaceId = registered.get("workspaceId").asString();
        var genuine = registered.get("accessToken").asString();

        var expired = AccessTokens.fromSecretKey(
                        properties.secretKey(),
                        properties.issuer(),
                        Duration.ofMinutes(15),
                        Clock.fixed(Instant.now().minus(Duration.ofMinutes(16)), ZoneOffset.UTC))
                .issue(userId, workspaceId)
                .token();
        var forged = AccessTokens.fromSecretKey(
                        Base64.getEncoder().encodeToString(new byte[32]),
                        properties.issuer(),
                        Duration.ofMinutes(15),
                        Clock.systemUTC())
                .issue(userId, workspaceId)
                .token();
        var parts = genuine.split("\\.");
        var edited = parts[0] + "." + base64Url(decode(parts[1]).replace(workspaceId, "acme")) + "." + parts[2];
        var unsigned = base64Url("{\"alg\":\"none\",\"typ\":\"at+jwt\"}") + "." + parts[1] + ".";

        for (var token : List.of(expired, forged, edited, unsigned)) {
            get("/api/conversations", token, null)
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer.*")
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        get("/api/conversations", genuine, null).expectStatus().isOk();
    }

    @Test
    void rotatesRefreshTokensAndRevokesTheFamilyWhenAUsedOneComesBack() {
        var first = register(uniqueEmail("dee")).get("refreshToken").asString();

        var second = refresh(first)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        var next = second.get("refreshToken").asString();
        assertThat(next).isNotEqualTo(first);
        get("/api/auth/me", second.get("accessToken").asString(), null)
                .expectStatus()
                .isOk();

        // The first token again: someone else holds it, so neither it nor its successor works any more.
        refresh(first).expectStatus().isUnauthorized();
        refresh(next).expectStatus().isUnauthorized();
        refresh("rt_never-issued").expectStatus().isUnauthorized();
    }

    @Test
    void signingOutEndsTheSignInButNotOthers() {
        var email = uniqueEmail("eve");
        var phone = register(email);
        var laptop = signIn("/api/auth/login", email, PASSWORD)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        web.post()
                .uri("/api/auth/logout")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("refreshToken", phone.get("refreshToken").asString()))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        web.post()
                .uri("/api/auth/logout")
                .header(
                        HttpHeaders.AUTHORIZATION,
                        "Bearer " + phone.get("accessToken").asString())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("refreshToken", phone.get("refreshToken").asString()))
                .exchange()
                .expectStatus()
                .isNoContent();

        refresh(phone.get("refreshToken").asString()).expectStatus().isUnauthorized();
        refresh(laptop.get("refreshToken").asString()).expectStatus().isOk();
    }

    @Test
    void apiKeysAreShownOnceListedWithoutSecretsAndStopWorkingWhenRevoked() {
        var account = register(uniqueEmail("fay"));
        var token = account.get("accessToken").asString();
        var workspaceId = account.get("workspaceId").asString();

        var created = web.post()
                .uri("/api/keys")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "nightly report"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        var key = created.get("key").asString();
        var keyId = created.get("id").asString();
        assertThat(key).startsWith(created.get("prefix").asString());
        assertThat(created.get("workspaceId").asString()).isEqualTo(workspaceId);

        // The key acts as its maker in its workspace, through either header, and in no other workspace.
        var me = get("/api/auth/me", key, null)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(me.get("workspaceId").asString()).isEqualTo(workspaceId);
        assertThat(me.get("userId").asString()).isEqualTo(account.get("userId").asString());
        web.get()
                .uri("/api/conversations")
                .header("X-API-Key", key)
                .exchange()
                .expectStatus()
                .isOk();
        get("/api/conversations", key, "acme").expectStatus().isForbidden();

        // A key works on data, but manages no keys, members or workspaces: a leaked one cannot mint its own
        // replacements or let anyone else in.
        web.post()
                .uri("/api/keys")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "a copy"))
                .exchange()
                .expectStatus()
                .isForbidden();
        get("/api/workspaces", key, null).expectStatus().isForbidden();
        get("/api/workspaces/" + workspaceId + "/members", key, null)
                .expectStatus()
                .isForbidden();

        var listed = get("/api/keys", token, null)
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(listed)
                .contains(keyId)
                .contains(created.get("prefix").asString())
                .doesNotContain(key);

        // Someone else cannot revoke it.
        var stranger = register(uniqueEmail("gus")).get("accessToken").asString();
        delete("/api/keys/" + keyId, stranger).expectStatus().isNotFound();
        get("/api/conversations", key, null).expectStatus().isOk();

        delete("/api/keys/" + keyId, token).expectStatus().isNoContent();
        get("/api/conversations", key, null).expectStatus().isUnauthorized();
        assertThat(get("/api/keys", token, null)
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody())
                .doesNotContain(keyId);

        // A configured key stands for no account, so it cannot make keys; it still works for everything else.
        web.post()
                .uri("/api/keys")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + CONFIGURED_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "nope"))
                .exchange()
                .expectStatus()
                .isForbidden();
        get("/api/conversations", CONFIGURED_KEY, null).expectStatus().isOk();
    }

    @Test
    void ownersAndAdminsManageMembersAndMembersActInTheWorkspacesTheyJoined() {
        var owner = register(uniqueEmail("hal"));
        var ownerToken = owner.get("accessToken").asString();
        var team = owner.get("workspaceId").asString();
        var memberEmail = uniqueEmail("ida");
        var member = register(memberEmail);
        var memberToken = member.get("accessToken").asString();
        var outsiderEmail = uniqueEmail("jon");
        var outsider = register(outsiderEmail);
        var outsiderToken = outsider.get("accessToken").asString();

        addMember(ownerToken, team, memberEmail, "member").expectStatus().isCreated();
        addMember(ownerToken, team, memberEmail, "member").expectStatus().isEqualTo(HttpStatus.CONFLICT);
        addMember(ownerToken, team, uniqueEmail("nobody"), "member")
                .expectStatus()
                .isNotFound();
        addMember(ownerToken, team, outsiderEmail, "owner").expectStatus().isBadRequest();

        // A member acts in the workspace by naming it, and sees it among theirs.
        var meThere = get("/api/auth/me", memberToken, team)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(meThere.get("workspaceId").asString()).isEqualTo(team);
        assertThat(meThere.get("role").asString()).isEqualTo("member");
        var theirs = get("/api/workspaces", memberToken, null)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(theirs.findValuesAsString("id"))
                .containsExactly(member.get("workspaceId").asString(), team);
        var members = get("/api/workspaces/" + team + "/members", memberToken, null)
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(members).contains(memberEmail).contains("\"owner\"");

        // A plain member cannot add or remove anyone.
        addMember(memberToken, team, outsiderEmail, "member").expectStatus().isForbidden();
        delete("/api/workspaces/" + team + "/members/" + owner.get("userId").asString(), memberToken)
                .expectStatus()
                .isForbidden();

        // An outsider cannot act in the workspace, see it or its members: no different from one that does not exist.
        var refused = get("/api/conversations", outsiderToken, team)
                .expectStatus()
                .isForbidden()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        var missing = get("/api/conversations", outsiderToken, "wdoesnotexist")
                .expectStatus()
                .isForbidden()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(refused.get("detail")).isEqualTo(missing.get("detail"));
        get("/api/workspaces/" + team + "/members", outsiderToken, null)
                .expectStatus()
                .isNotFound();
        addMember(outsiderToken, team, outsiderEmail, "admin").expectStatus().isNotFound();

        // An admin may add; the owner stays.
        addMember(ownerToken, team, outsiderEmail, "admin").expectStatus().isCreated();
        delete("/api/workspaces/" + team + "/members/" + owner.get("userId").asString(), outsiderToken)
                .expectStatus()
                .isForbidden();
        delete("/api/workspaces/" + team + "/members/" + member.get("userId").asString(), outsiderToken)
                .expectStatus()
                .isNoContent();

        // Removed: the member's token no longer reaches the workspace, while their own still works.
        get("/api/conversations", memberToken, team).expectStatus().isForbidden();
        get("/api/conversations", memberToken, null).expectStatus().isOk();
        delete("/api/workspaces/" + team + "/members/" + member.get("userId").asString(), ownerToken)
                .expectStatus()
                .isNotFound();
    }

    @Test
    void keepsOneWorkspacesConversationsRunsAndFeedbackFromAnother() {
        var a = register(uniqueEmail("kim")).get("accessToken").asString();
        var b = register(uniqueEmail("lee")).get("accessToken").asString();

        var accepted = web.post()
                .uri("/api/questions")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + a)
                .accept(MediaType.APPLICATION_JSON)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("question", "How many orders last week?"))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        var runId = accepted.get("runId").asString();
        var conversationId = accepted.get("conversationId").asString();
        assertThat(get("/api/conversations", a, null)
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody())
                .contains(conversationId);
        // The run is answered (as the relay would record AnswerCompleted), so it can be rated and pinned.
        db.sql("update runs set status = 'completed', finished_at = now() where run_id = :run")
                .bind("run", UUID.fromString(runId))
                .then()
                .then(db.sql("""
                                insert into messages (id, conversation_id, run_id, role, content)
                                values (:id, :conversation, :run, 'assistant', 'About 120 orders.')
                                """)
                        .bind("id", UUID.randomUUID())
                        .bind("conversation", UUID.fromString(conversationId))
                        .bind("run", UUID.fromString(runId))
                        .then())
                .block(Duration.ofSeconds(30));

        assertThat(get("/api/conversations", b, null)
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody())
                .doesNotContain(conversationId);
        get("/api/conversations/" + conversationId + "/messages", b, null)
                .expectStatus()
                .isNotFound();
        web.get()
                .uri("/api/runs/{id}/events", runId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + b)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isNotFound();
        web.post()
                .uri("/api/runs/{id}/feedback", runId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + b)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("correct", false))
                .exchange()
                .expectStatus()
                .isNotFound();
        web.post()
                .uri("/api/runs/{id}/pin", runId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + b)
                .exchange()
                .expectStatus()
                .isNotFound();
        web.post()
                .uri("/api/questions")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + b)
                .accept(MediaType.APPLICATION_JSON)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("question", "And the week before?", "conversationId", conversationId))
                .exchange()
                .expectStatus()
                .isNotFound();
        // A configured key's tenant is not an account's workspace either.
        get("/api/conversations/" + conversationId + "/messages", CONFIGURED_KEY, null)
                .expectStatus()
                .isNotFound();

        // The owner reaches all of it, so the refusals above were about the caller.
        get("/api/conversations/" + conversationId + "/messages", a, null)
                .expectStatus()
                .isOk();
        web.post()
                .uri("/api/runs/{id}/pin", runId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + a)
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT); // found, but this answer has no chart
        web.post()
                .uri("/api/runs/{id}/feedback", runId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + a)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("correct", true))
                .exchange()
                .expectStatus()
                .isNoContent();
    }

    @Test
    void forwardsDatasetAndDatasourceCallsAsTheCallersWorkspaceWhateverTheRequestSays() {
        var a = register(uniqueEmail("max"));
        var b = register(uniqueEmail("ned"));
        var aToken = a.get("accessToken").asString();
        var bToken = b.get("accessToken").asString();
        var aWorkspace = a.get("workspaceId").asString();
        var bWorkspace = b.get("workspaceId").asString();

        web.get()
                .uri("/api/datasets/{id}/profile", UUID.randomUUID())
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + bToken)
                .header("X-Tenant-Id", aWorkspace)
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(ingestion.last().tenant()).isEqualTo(bWorkspace);
        assertThat(ingestion.last().path()).endsWith("/profile");

        web.get()
                .uri("/api/datasources")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + aToken)
                .header("X-Tenant-Id", bWorkspace)
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(ingestion.last().tenant()).isEqualTo(aWorkspace);

        web.post()
                .uri("/api/datasources")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + bToken)
                .header("X-Tenant-Id", aWorkspace)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "crm", "host", "db.example.com"))
                .exchange()
                .expectStatus()
                .isCreated();
        assertThat(ingestion.last().tenant()).isEqualTo(bWorkspace);

        // Naming the other workspace is refused before anything is forwarded.
        var forwardedBefore = ingestion.last();
        web.get()
                .uri("/api/datasets/{id}/profile", UUID.randomUUID())
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + bToken)
                .header("X-Workspace-Id", aWorkspace)
                .exchange()
                .expectStatus()
                .isForbidden();
        assertThat(ingestion.last()).isSameAs(forwardedBefore);
    }

    private JsonNode register(String email) {
        return web.post()
                .uri("/api/auth/register")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", PASSWORD, "workspaceName", "Team of " + email))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    private WebTestClient.ResponseSpec signIn(String path, String email, String password) {
        return web.post()
                .uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", password))
                .exchange();
    }

    private WebTestClient.ResponseSpec refresh(String refreshToken) {
        return web.post()
                .uri("/api/auth/refresh")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("refreshToken", refreshToken))
                .exchange();
    }

    private WebTestClient.ResponseSpec get(String path, String token, @Nullable String workspace) {
        return web.get()
                .uri(path)
                .headers(headers -> {
                    headers.setBearerAuth(token);
                    if (workspace != null) {
                        headers.set("X-Workspace-Id", workspace);
                    }
                })
                .exchange();
    }

    private WebTestClient.ResponseSpec delete(String path, String token) {
        return web.delete()
                .uri(path)
                .headers(headers -> headers.setBearerAuth(token))
                .exchange();
    }

    private WebTestClient.ResponseSpec addMember(String token, String workspace, String email, String role) {
        return web.post()
                .uri("/api/workspaces/{id}/members", workspace)
                .headers(headers -> headers.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "role", role))
                .exchange();
    }

    private static String uniqueEmail(String name) {
        return name + "-" + UUID.randomUUID() + "@example.com";
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    /** A stand-in for ingestion-service that answers every call and remembers the last one. */
    private record IngestionStub(HttpServer server, AtomicReference<Received> received) {

        static IngestionStub start() {
            try {
                var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                var received = new AtomicReference<Received>();
                server.createContext("/", exchange -> {
                    exchange.getRequestBody().readAllBytes();
                    received.set(new Received(
                            exchange.getRequestURI().toString(),
                            exchange.getRequestHeaders().getFirst("X-Tenant-Id")));
                    var answer = "{\"id\":\"ds-1\"}".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(exchange.getRequestMethod().equals("POST") ? 201 : 200, answer.length);
                    exchange.getResponseBody().write(answer);
                    exchange.close();
                });
                server.start();
                return new IngestionStub(server, received);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        Received last() {
            return received.get();
        }

        void stop() {
            server.stop(0);
        }
    }

    private record Received(String path, @Nullable String tenant) {}
}
