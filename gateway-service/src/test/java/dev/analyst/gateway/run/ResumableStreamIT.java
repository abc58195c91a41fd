package dev.analyst.gateway.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.question.Question;
import dev.analyst.contracts.question.RunCancelRequested;
import dev.analyst.contracts.run.AnswerCompleted;
import dev.analyst.contracts.run.ResultProduced;
import dev.analyst.contracts.run.RunEvent;
import dev.analyst.contracts.run.RunFailed;
import dev.analyst.contracts.run.RunStarted;
import dev.analyst.contracts.run.SqlGenerated;
import dev.analyst.contracts.run.SummaryDelta;
import dev.analyst.contracts.run.SummaryWritten;
import dev.analyst.gateway.GatewayApplication;
import dev.analyst.infra.Infrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.BaseSubscriber;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What makes a run's stream resumable, against real PostgreSQL, Kafka and Redis: cancelling a run keeps
 * what it had found; a client slower than its run catches up from Redis; expired events get one resync
 * event; and a client resumes exactly where it was through another gateway instance and after a restart.
 * The buffer is shrunk to 4 so a slow client overflows it with a handful of events.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "analyst.gateway.sse.buffer-size=4")
@AutoConfigureWebTestClient(timeout = "30s") // a shared 2-core CI machine can take more than the default 5 s
@Import(QuestionStreamIT.RunEventsTopic.class)
class ResumableStreamIT {

    private static final String ALICE = "acme-alice-key";
    private static final String BOB = "acme-bob-key";
    private static final String GARY = "globex-gary-key";
    private static final String API_KEYS = ALICE + ":acme:alice," + BOB + ":acme:bob," + GARY + ":globex:gary";
    // Nothing here calls ingestion; the gateway only needs somewhere to point.
    private static final String INGESTION_URL = "http://127.0.0.1:9";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE =
            new ParameterizedTypeReference<>() {};

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        Infrastructure.shared().environment().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("ANALYST_API_KEYS", () -> API_KEYS);
        registry.add("ANALYST_INGESTION_URL", () -> INGESTION_URL);
    }

    @Autowired
    private WebTestClient web;

    @Autowired
    private JsonMapper mapper;

    @Autowired
    private RunEventStreams streams;

    @Autowired
    private ReactiveStringRedisTemplate redis;

    @Autowired
    private MeterRegistry meters;

    @BeforeEach
    void patientClient() {
        web = web.mutate().responseTimeout(PATIENCE).build();
    }

    @Test
    void cancellingARunEndsItForEveryoneAndKeepsWhatItHadFound() {
        var run = ask(web, ALICE);
        var now = Instant.now();
        publish(List.of(
                new RunStarted(UUID.randomUUID(), now, run.runId(), run.conversationId(), "acme", "Total sales?"),
                new SqlGenerated(UUID.randomUUID(), now, run.runId(), UUID.randomUUID(), "sales", 1, SQL),
                new ResultProduced(UUID.randomUUID(), now, run.runId(), RESULT),
                new SummaryDelta(UUID.randomUUID(), now, run.runId(), 0, "Sales total "),
                new SummaryDelta(UUID.randomUUID(), now, run.runId(), 1, "42 so far")));

        // Neither another user of the tenant nor another tenant can stop it, and neither learns it exists.
        cancel(BOB, run.runId()).expectStatus().isNotFound();
        cancel(GARY, run.runId()).expectStatus().isNotFound();
        cancel(ALICE, run.runId())
                .expectStatus()
                .isAccepted()
                .expectHeader()
                .location("/api/runs/" + run.runId() + "/events");

        var request = (RunCancelRequested) mapper.readValue(
                RunTopics.awaitOnQuestions(run.runId(), "dev.analyst.RunCancelRequested")
                        .value(),
                Question.class);
        assertThat(request.conversationId()).isEqualTo(run.conversationId());
        assertThat(request.tenantId()).isEqualTo("acme");
        assertThat(request.userId()).isEqualTo("alice");

        // What the agent answers a cancel with.
        publish(List.of(new RunFailed(
                UUID.randomUUID(),
                Instant.now(),
                run.runId(),
                run.conversationId(),
                "acme",
                "cancelled",
                "Stopped at your request; what it had found so far is kept.")));

        var received = events(follow(web, ALICE, run.runId(), null));
        assertThat(received)
                .extracting(ServerSentEvent::event)
                .containsExactly(
                        "RunStarted", "SqlGenerated", "ResultProduced", "SummaryDelta", "SummaryDelta", "RunFailed");
        assertThat(mapper.readTree(received.getLast().data()).get("reason").asString())
                .isEqualTo("cancelled");
        await().atMost(PATIENCE).untilAsserted(() -> {
            var messages = messages(run.conversationId());
            assertThat(messages)
                    .extracting(message -> message.get("role").asString())
                    .containsExactly("user", "assistant");
            var partial = messages.get(1);
            assertThat(partial.get("content").asString()).isEqualTo("Sales total 42 so far");
            assertThat(partial.get("metadata").get("partial").asBoolean()).isTrue();
            assertThat(partial.get("metadata").get("sql").asString()).isEqualTo(SQL);
            assertThat(partial.get("metadata")
                            .get("result")
                            .get("rows")
                            .get(0)
                            .get(1)
                            .asInt())
                    .isEqualTo(42);
        });

        cancel(ALICE, run.runId())
                .expectStatus()
                .isEqualTo(409)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aClientSlowerThanItsRunGetsEveryEventOnceAndInOrderFromRedis() {
        var run = ask(web, ALICE);
        double catchUpsBefore = catchUps();
        var received = new CopyOnWriteArrayList<ServerSentEvent<String>>();
        var client = new BaseSubscriber<ServerSentEvent<String>>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                // Takes the first heartbeat, then reads nothing until told to.
                request(1);
            }

            @Override
            protected void hookOnNext(ServerSentEvent<String> event) {
                received.add(event);
            }
        };
        streams.fromStart(run.runId()).subscribe(client);
        await().atMost(PATIENCE).until(() -> !received.isEmpty());

        var now = Instant.now();
        var events = new ArrayList<RunEvent>();
        events.add(new RunStarted(UUID.randomUUID(), now, run.runId(), run.conversationId(), "acme", "Total?"));
        IntStream.range(0, 30)
                .mapToObj(i -> new SummaryDelta(UUID.randomUUID(), now, run.runId(), i, "part " + i + " "))
                .forEach(events::add);
        events.add(answer(run, now));
        publish(events);

        // Far more than the 4 the stream may hold arrived while the client read nothing.
        await().atMost(PATIENCE).until(() -> catchUps() > catchUpsBefore);
        client.requestUnbounded();
        await().atMost(PATIENCE).until(() -> client.isDisposed());

        var got = events(received);
        assertThat(got).extracting(ServerSentEvent::event).first().isEqualTo("RunStarted");
        assertThat(got).extracting(ServerSentEvent::event).last().isEqualTo("AnswerCompleted");
        assertThat(got.subList(1, got.size() - 1))
                .extracting(
                        event -> mapper.readTree(event.data()).get("sequence").asInt())
                .containsExactlyElementsOf(IntStream.range(0, 30).boxed().toList());
        assertThat(got)
                .extracting(event -> StreamId.parse(event.id()))
                .isSorted()
                .doesNotHaveDuplicates();
    }

    @Test
    void aClientResumingAfterItsRunsEventsExpiredGetsOneResyncEvent() {
        var run = ask(web, ALICE);
        var now = Instant.now();
        publish(List.of(
                new RunStarted(UUID.randomUUID(), now, run.runId(), run.conversationId(), "acme", "Total?"),
                answer(run, now)));
        var first = events(follow(web, ALICE, run.runId(), null));
        assertThat(first).extracting(ServerSentEvent::event).containsExactly("RunStarted", "AnswerCompleted");
        await().atMost(PATIENCE).until(() -> messages(run.conversationId()).size() == 2);

        // What the stream's time to live does a day after the run's last event.
        redis.delete(RunStreams.key(run.runId().toString())).block(PATIENCE);

        for (var lastEventId : new String[] {first.getFirst().id(), null}) {
            var resumed = events(follow(web, ALICE, run.runId(), lastEventId));
            assertThat(resumed).singleElement().satisfies(resync -> {
                assertThat(resync.event()).isEqualTo(RunEventStreams.RESYNC);
                assertThat(resync.id()).isNull();
                var data = mapper.readTree(resync.data());
                assertThat(data.get("status").asString()).isEqualTo("completed");
                assertThat(data.get("messages").asString())
                        .isEqualTo("/api/conversations/" + run.conversationId() + "/messages");
            });
        }
    }

    @Test
    void aClientResumesExactlyWhereItWasThroughAnotherInstanceAndAfterARestart() {
        var run = ask(web, ALICE);
        var now = Instant.now();
        var events = List.of(
                new RunStarted(UUID.randomUUID(), now, run.runId(), run.conversationId(), "acme", "Total?"),
                new SqlGenerated(UUID.randomUUID(), now, run.runId(), UUID.randomUUID(), "sales", 1, SQL),
                new ResultProduced(UUID.randomUUID(), now, run.runId(), RESULT),
                new SummaryWritten(UUID.randomUUID(), now, run.runId(), "Sales total 42."),
                answer(run, now));
        publish(events.subList(0, 2));

        // The first instance serves two events; then the client goes away.
        var seen = events(web.get()
                .uri("/api/runs/{runId}/events", run.runId())
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ALICE)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(SSE)
                .getResponseBody()
                .filter(event -> event.event() != null)
                .take(2)
                .collectList()
                .block(PATIENCE));
        assertThat(seen).extracting(ServerSentEvent::event).containsExactly("RunStarted", "SqlGenerated");

        try (var second = startAnotherInstance()) {
            // It reconnects to a second instance before the rest exists: the rest reaches it live there.
            var resumed = follow(
                    client(second), ALICE, run.runId(), seen.getLast().id(), () -> publish(events.subList(2, 5)));
            assertThat(events(resumed))
                    .extracting(ServerSentEvent::event)
                    .containsExactly("ResultProduced", "SummaryWritten", "AnswerCompleted");
        }
        try (var restarted = startAnotherInstance()) {
            // A gateway started afresh serves the same ids from Redis.
            var again = events(follow(
                    client(restarted), ALICE, run.runId(), seen.getFirst().id()));
            assertThat(again)
                    .extracting(ServerSentEvent::event)
                    .containsExactly("SqlGenerated", "ResultProduced", "SummaryWritten", "AnswerCompleted");
            assertThat(again.getFirst().id()).isEqualTo(seen.getLast().id());
        }
    }

    private static final String SQL = "SELECT sum(amount) AS total FROM sales";
    private static final ResultTable RESULT = new ResultTable(
            List.of(new ResultColumn("region", "text"), new ResultColumn("total", "numeric")),
            List.of(List.of("all", 42)),
            false);

    private static AnswerCompleted answer(Asked run, Instant now) {
        return new AnswerCompleted(
                UUID.randomUUID(),
                now,
                run.runId(),
                run.conversationId(),
                "acme",
                "Sales total 42.",
                SQL,
                RESULT,
                new ChartSpec("bar", "Sales", "region", List.of("total"), "Region", "Total"),
                List.of());
    }

    private record Asked(UUID runId, UUID conversationId) {}

    private static Asked ask(WebTestClient client, String key) {
        var accepted = client.post()
                .uri("/api/questions")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .accept(MediaType.APPLICATION_JSON)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("question", "What were total sales?", "dataset", "sales"))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        return new Asked(
                UUID.fromString(accepted.get("runId").asString()),
                UUID.fromString(accepted.get("conversationId").asString()));
    }

    private WebTestClient.ResponseSpec cancel(String key, UUID runId) {
        return web.post()
                .uri("/api/runs/{runId}/cancel", runId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .exchange();
    }

    private static List<ServerSentEvent<String>> follow(
            WebTestClient client, String key, UUID runId, String lastEventId) {
        return follow(client, key, runId, lastEventId, () -> {});
    }

    /** The whole stream of the run after the id (from its start without one); {@code meanwhile} runs once it is open. */
    private static List<ServerSentEvent<String>> follow(
            WebTestClient client, String key, UUID runId, String lastEventId, Runnable meanwhile) {
        var request =
                client.get().uri("/api/runs/{runId}/events", runId).header(HttpHeaders.AUTHORIZATION, "Bearer " + key);
        if (lastEventId != null) {
            request = request.header("Last-Event-ID", lastEventId);
        }
        var body = request.exchange().expectStatus().isOk().returnResult(SSE).getResponseBody();
        // The first heartbeat comes as soon as the stream is open, with the live subscription in place.
        return body.doOnNext(new java.util.function.Consumer<>() {
                    private boolean open;

                    @Override
                    public void accept(ServerSentEvent<String> event) {
                        if (!open) {
                            open = true;
                            meanwhile.run();
                        }
                    }
                })
                .collectList()
                .block(PATIENCE);
    }

    private List<JsonNode> messages(UUID conversationId) {
        return web.get()
                .uri("/api/conversations/{id}/messages", conversationId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ALICE)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .valueStream()
                .toList();
    }

    private void publish(List<? extends RunEvent> events) {
        RunTopics.publish(mapper, events);
    }

    private double catchUps() {
        return meters.get("analyst.gateway.sse.catch.ups").counter().count();
    }

    /** Events only: heartbeats are comments without an event name. */
    private static List<ServerSentEvent<String>> events(List<ServerSentEvent<String>> received) {
        return received.stream().filter(event -> event.event() != null).toList();
    }

    /** Another gateway process in all but the JVM: its own web server, Kafka consumers and Redis subscription. */
    private static ConfigurableApplicationContext startAnotherInstance() {
        var properties = new HashMap<String, Object>(Infrastructure.shared().environment());
        properties.put("ANALYST_API_KEYS", API_KEYS);
        properties.put("ANALYST_INGESTION_URL", INGESTION_URL);
        properties.put("server.port", 0);
        properties.put("spring.main.banner-mode", "off");
        return new SpringApplicationBuilder(GatewayApplication.class)
                .properties(properties)
                .run();
    }

    private static WebTestClient client(ConfigurableApplicationContext instance) {
        var port = ((WebServerApplicationContext) instance).getWebServer().getPort();
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(PATIENCE)
                .build();
    }
}
