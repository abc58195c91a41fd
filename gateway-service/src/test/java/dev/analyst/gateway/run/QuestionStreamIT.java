package dev.analyst.gateway.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.Topic;
import dev.analyst.contracts.dataset.DatasetFailed;
import dev.analyst.contracts.dataset.DatasetProgress;
import dev.analyst.contracts.dataset.IngestionProgressed;
import dev.analyst.contracts.question.AnswerRated;
import dev.analyst.contracts.question.Question;
import dev.analyst.contracts.question.QuestionAsked;
import dev.analyst.contracts.run.AnswerCompleted;
import dev.analyst.contracts.run.ResultProduced;
import dev.analyst.contracts.run.RunEvent;
import dev.analyst.contracts.run.RunFailed;
import dev.analyst.contracts.run.RunStarted;
import dev.analyst.contracts.run.SqlGenerated;
import dev.analyst.contracts.run.SummaryDelta;
import dev.analyst.contracts.run.SummaryWritten;
import dev.analyst.infra.Infrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A question's whole trip through the gateway against real PostgreSQL, Kafka and Redis: asked over
 * HTTP, published to Kafka, answered by run events that come back as a resumable SSE stream.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s") // a shared 2-core CI machine can take more than the default 5 s
class QuestionStreamIT {

    private static final String ACME_KEY = "acme-test-key";
    private static final String GLOBEX_KEY = "globex-test-key";
    private static final Duration STREAM_TIMEOUT = Duration.ofSeconds(30);
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE =
            new ParameterizedTypeReference<>() {};

    /** Datasets whose latest load the ingestion stub reports finished; any other load is running. */
    private static final Set<String> FINISHED_LOADS = ConcurrentHashMap.newKeySet();

    private static final IngestionStub ingestion = IngestionStub.start();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        Infrastructure.shared().environment().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("ANALYST_API_KEYS", () -> ACME_KEY + ":acme:alice," + GLOBEX_KEY + ":globex:gary");
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
    private JsonMapper mapper;

    @Autowired
    private RunEventRelay relay;

    @Autowired
    private ReactiveStringRedisTemplate redis;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private RunDeadlines deadlines;

    @Autowired
    private DatabaseClient database;

    @BeforeEach
    void longerTimeouts() {
        web = web.mutate().responseTimeout(STREAM_TIMEOUT).build();
    }

    @AfterAll
    static void stopIngestion() {
        ingestion.stop();
    }

    @Test
    void aUserTurnsAnAgentOffAndQuestionsMentioningItAreRefusedForThemAlone() {
        web.get()
                .uri("/api/agents")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ACME_KEY)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(6)
                .jsonPath("$[?(@.name == 'ml')].enabled")
                .isEqualTo(true);
        web.put()
                .uri("/api/agents/ml")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ACME_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("enabled", false))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.enabled")
                .isEqualTo(false);

        web.post()
                .uri("/api/questions")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ACME_KEY)
                .accept(MediaType.APPLICATION_JSON)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("question", "@ml predict price from area", "dataset", "sales"))
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Agent turned off");
        web.post()
                .uri("/api/questions")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + GLOBEX_KEY)
                .accept(MediaType.APPLICATION_JSON)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("question", "@ml predict price from area", "dataset", "sales"))
                .exchange()
                .expectStatus()
                .isAccepted();
        web.put()
                .uri("/api/agents/sql")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ACME_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("enabled", false))
                .exchange()
                .expectStatus()
                .isNotFound();
        web.put()
                .uri("/api/agents/ml")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ACME_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("enabled", true))
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void streamsARunFromQuestionToAnswerAndResumesAfterLastEventId() {
        var asked = web.post()
                .uri("/api/questions")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ACME_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("question", "Which region sold the most?", "dataset", "sales"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .returnResult(SSE);
        var runId = UUID.fromString(asked.getResponseHeaders().getFirst("X-Run-Id"));
        var conversationId = UUID.fromString(asked.getResponseHeaders().getFirst("X-Conversation-Id"));
        assertThat(openStreams()).isPositive();

        var question = awaitQuestion(runId);
        assertThat(question.key()).isEqualTo(conversationId.toString());
        assertThat(new String(question.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8))
                .isEqualTo("dev.analyst.QuestionAsked");
        var questionAsked = (QuestionAsked) mapper.readValue(question.value(), Question.class);
        assertThat(questionAsked.tenantId()).isEqualTo("acme");
        assertThat(questionAsked.userId()).isEqualTo("alice");
        assertThat(questionAsked.question()).isEqualTo("Which region sold the most?");
        assertThat(questionAsked.dataset()).isEqualTo("sales");
        assertThat(questionAsked.conversationId()).isEqualTo(conversationId);

        publish(runEvents(runId, conversationId));

        // The stream opened before any event existed, so these came through the live subscription.
        var live = events(asked.getResponseBody().collectList().block(STREAM_TIMEOUT));
        assertThat(live)
                .extracting(ServerSentEvent::event)
                .containsExactly("RunStarted", "SqlGenerated", "ResultProduced", "SummaryWritten", "AnswerCompleted");
        var ids = live.stream().map(event -> StreamId.parse(event.id())).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(mapper.readTree(live.get(1).data()).get("sql").asString()).startsWith("SELECT region");
        assertThat(live)
                .allSatisfy(event -> assertThat(
                                mapper.readTree(event.data()).get("runId").asString())
                        .isEqualTo(runId.toString()));

        await().atMost(Duration.ofSeconds(5)).until(() -> openStreams() == 0);

        // A reconnecting client gets exactly what it missed, from the Redis stream.
        var resumed = events(web.get()
                .uri("/api/runs/{runId}/events", runId)
                .header("X-API-Key", ACME_KEY)
                .header("Last-Event-ID", live.get(1).id())
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(SSE)
                .getResponseBody()
                .collectList()
                .block(STREAM_TIMEOUT));
        assertThat(resumed)
                .extracting(ServerSentEvent::event)
                .containsExactly("ResultProduced", "SummaryWritten", "AnswerCompleted");
        assertThat(resumed)
                .extracting(ServerSentEvent::id)
                .containsExactly(live.get(2).id(), live.get(3).id(), live.get(4).id());

        var afterTheEnd = events(web.get()
                .uri(
                        "/api/runs/{runId}/events?lastEventId={id}",
                        runId,
                        live.get(4).id())
                .header("X-API-Key", ACME_KEY)
                .exchange()
                .returnResult(SSE)
                .getResponseBody()
                .collectList()
                .block(STREAM_TIMEOUT));
        assertThat(afterTheEnd).isEmpty();

        // The answer is kept with the conversation, once.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var messages = messages(conversationId, ACME_KEY);
            assertThat(messages)
                    .extracting(message -> message.get("role").asString())
                    .containsExactly("user", "assistant");
            assertThat(messages.get(1).get("content").asString()).isEqualTo("North sold the most: 42.");
            assertThat(messages.get(1).get("metadata").get("sql").asString()).startsWith("SELECT region");
            assertThat(messages.get(1).get("metadata").get("chart").get("type").asString())
                    .isEqualTo("bar");
        });
        var conversations = web.get()
                .uri("/api/conversations?size=5")
                .header("X-API-Key", ACME_KEY)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(conversations
                        .get("items")
                        .valueStream()
                        .map(item -> item.get("id").asString()))
                .contains(conversationId.toString());
        assertThat(meters.get("analyst.question.duration")
                        .tag("outcome", "answered")
                        .timer()
                        .count())
                .isPositive();

        // The user says the answer was right: recorded, and the agent is told; no one else may say it.
        web.post()
                .uri("/api/runs/{runId}/feedback", runId)
                .header("X-API-Key", GLOBEX_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("correct", true))
                .exchange()
                .expectStatus()
                .isNotFound();
        web.post()
                .uri("/api/runs/{runId}/feedback", runId)
                .header("X-API-Key", ACME_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("correct", true))
                .exchange()
                .expectStatus()
                .isNoContent();
        var rated = (AnswerRated) mapper.readValue(
                awaitOnQuestions(runId, "dev.analyst.AnswerRated").value(), Question.class);
        assertThat(rated.correct()).isTrue();
        assertThat(rated.conversationId()).isEqualTo(conversationId);
        assertThat(rated.userId()).isEqualTo("alice");
    }

    @Test
    void keepsRunsAndConversationsWithinTheirOwners() {
        var accepted = accepted("How many orders last week?");
        var runId = accepted.get("runId").asString();
        var conversationId = accepted.get("conversationId").asString();
        assertThat(accepted.get("events").asString()).isEqualTo("/api/runs/" + runId + "/events");

        web.get()
                .uri("/api/runs/{runId}/events", runId)
                .header("X-API-Key", GLOBEX_KEY)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(404);
        web.get()
                .uri("/api/conversations/{id}/messages", conversationId)
                .header("X-API-Key", GLOBEX_KEY)
                .exchange()
                .expectStatus()
                .isNotFound();
        web.post()
                .uri("/api/questions")
                .header("X-API-Key", GLOBEX_KEY)
                .accept(MediaType.APPLICATION_JSON)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("question", "And the week before?", "conversationId", conversationId))
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void refusesCallsWithoutAKeyAndKeepsProbesOpen() {
        web.get()
                .uri("/api/conversations")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(401);
        web.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        web.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(metrics -> assertThat(metrics)
                        .contains("analyst_gateway_sse_connections")
                        .contains("kafka_consumer_fetch_manager_records_lag_max"));
    }

    @Test
    void endsTheStreamWhenTheRunFails() {
        var accepted = accepted("What is the meaning of life?");
        var runId = UUID.fromString(accepted.get("runId").asString());
        var conversationId = UUID.fromString(accepted.get("conversationId").asString());

        publish(List.of(new RunFailed(
                UUID.randomUUID(),
                Instant.now(),
                runId,
                conversationId,
                "acme",
                "not-understood",
                "I could not relate the question to any dataset.")));

        var received = events(web.get()
                .uri(accepted.get("events").asString())
                .header("X-API-Key", ACME_KEY)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(SSE)
                .getResponseBody()
                .collectList()
                .block(STREAM_TIMEOUT));
        assertThat(received).extracting(ServerSentEvent::event).containsExactly("RunFailed");
        assertThat(mapper.readTree(received.getFirst().data()).get("reason").asString())
                .isEqualTo("not-understood");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(meters.get("analyst.question.duration")
                                .tag("outcome", "failed")
                                .timer()
                                .count())
                        .isPositive());
        web.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(metrics -> assertThat(metrics)
                        .contains("analyst_question_duration_seconds_bucket{outcome=\"failed\"")
                        .doesNotContain("alice"));
    }

    @Test
    void rejectsAnInvalidQuestionWithAProblemDetail() {
        web.post()
                .uri("/api/questions")
                .header("X-API-Key", ACME_KEY)
                .accept(MediaType.APPLICATION_JSON)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("question", "x".repeat(2001)))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void failsARunWithNoEndingPastItsDeadlineAndKeepsItFailed() {
        var accepted = accepted("Which region sold the most?");
        var runId = UUID.fromString(accepted.get("runId").asString());
        var conversationId = UUID.fromString(accepted.get("conversationId").asString());
        // Nobody answers it (no agent runs here). Age it past the deadline rather than wait it out.
        database.sql("update runs set created_at = now() - interval '1 day' where run_id = :runId")
                .bind("runId", runId)
                .fetch()
                .rowsUpdated()
                .block(STREAM_TIMEOUT);

        assertThat(deadlines.failOverdueRuns().block(STREAM_TIMEOUT)).isPositive();

        // The failure travels like the agent's would: outbox, run events topic, relay, the run's stream.
        await().atMost(STREAM_TIMEOUT).untilAsserted(() -> {
            var streamed = events(web.get()
                    .uri("/api/runs/{runId}/events", runId)
                    .header("X-API-Key", ACME_KEY)
                    .accept(MediaType.TEXT_EVENT_STREAM)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .returnResult(SSE)
                    .getResponseBody()
                    .collectList()
                    .block(STREAM_TIMEOUT));
            assertThat(streamed).extracting(ServerSentEvent::event).containsExactly("RunFailed");
            assertThat(mapper.readTree(streamed.getFirst().data()).get("reason").asString())
                    .isEqualTo("deadline-passed");
        });

        // An answer that comes after all is not taken: the stream and the run keep their ending.
        publish(runEvents(runId, conversationId));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(messages(conversationId, ACME_KEY))
                    .extracting(message -> message.get("role").asString())
                    .containsExactly("user");
            assertThat(database.sql("select status from runs where run_id = :runId")
                            .bind("runId", runId)
                            .map(row -> row.get("status", String.class))
                            .one()
                            .block(STREAM_TIMEOUT))
                    .isEqualTo("failed");
        });
        // A second sweep finds nothing more to fail.
        assertThat(deadlines.failOverdueRuns().block(STREAM_TIMEOUT)).isZero();
    }

    @Test
    void addsNothingToARunsStreamAfterItsEnding() {
        var runId = UUID.randomUUID();
        var ended = new RunFailed(
                UUID.randomUUID(), Instant.now(), runId, UUID.randomUUID(), "acme", "cancelled", "Stopped.");
        var straggler = new SummaryDelta(UUID.randomUUID(), Instant.now(), runId, 3, "a late piece");

        relay.relay(record(runId, 10L, ended));
        relay.relay(record(runId, 11L, straggler));

        var entries = redis.<String, String>opsForStream()
                .range(RunStreams.key(runId.toString()), Range.unbounded())
                .collectList()
                .block(Duration.ofSeconds(5));
        assertThat(entries)
                .singleElement()
                .satisfies(entry -> assertThat(entry.getValue()).containsEntry("type", "RunFailed"));
    }

    private ConsumerRecord<String, String> record(UUID runId, long offset, RunEvent event) {
        return new ConsumerRecord<>(
                Topic.RUN_EVENTS.topicName(),
                3,
                offset,
                runId.toString(),
                mapper.writerFor(RunEvent.class).writeValueAsString(event));
    }

    @Test
    void relaysAnEventPublishedTwiceOnce() {
        var runId = UUID.randomUUID();
        var event =
                new SqlGenerated(UUID.randomUUID(), Instant.now(), runId, UUID.randomUUID(), "sales", 1, "SELECT 1");
        var next = new SummaryDelta(UUID.randomUUID(), Instant.now(), runId, 0, "North");

        // The agent's outbox relay died between its send and its cleanup, and sent the event again.
        relay.relay(record(runId, 20L, event));
        relay.relay(record(runId, 23L, event));
        relay.relay(record(runId, 24L, next));

        var entries = redis.<String, String>opsForStream()
                .range(RunStreams.key(runId.toString()), Range.unbounded())
                .collectList()
                .block(Duration.ofSeconds(5));
        assertThat(entries)
                .extracting(entry -> entry.getValue().get("type"))
                .containsExactly("SqlGenerated", "SummaryDelta");
        assertThat(redis.getExpire(RunStreams.eventIdsKey(runId.toString())).block())
                .isPositive();
    }

    @Test
    void relaysARedeliveredRecordOnce() {
        var runId = UUID.randomUUID();
        var event =
                new SqlGenerated(UUID.randomUUID(), Instant.now(), runId, UUID.randomUUID(), "sales", 1, "SELECT 1");
        var record = new ConsumerRecord<>(
                Topic.RUN_EVENTS.topicName(),
                2,
                41L,
                runId.toString(),
                mapper.writerFor(RunEvent.class).writeValueAsString(event));

        relay.relay(record);
        relay.relay(record);

        var entries = redis.<String, String>opsForStream()
                .range(RunStreams.key(runId.toString()), Range.unbounded())
                .collectList()
                .block(Duration.ofSeconds(5));
        assertThat(entries).hasSize(1);
        assertThat(entries.getFirst().getId().getValue()).isEqualTo("42-0");
        assertThat(entries.getFirst().getValue()).containsEntry("type", "SqlGenerated");
        assertThat(redis.getExpire(RunStreams.key(runId.toString())).block()).isPositive();
    }

    @Test
    void routesDatasetCallsToIngestionAsTheCaller() {
        var upload = new MultipartBodyBuilder();
        upload.part("file", "region,amount\nNorth,42\n".getBytes(StandardCharsets.UTF_8))
                .filename("sales.csv")
                .contentType(MediaType.parseMediaType("text/csv"));

        web.post()
                .uri("/api/datasets")
                .header("X-API-Key", ACME_KEY)
                .header("X-Tenant-Id", "globex")
                .body(BodyInserters.fromMultipartData(upload.build()))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.id")
                .isEqualTo("ds-1");

        var received = ingestion.last();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.path()).isEqualTo("/api/datasets");
        assertThat(received.headers().get("X-tenant-id")).containsExactly("acme");
        assertThat(received.headers().get("X-user-id")).containsExactly("alice");
        assertThat(received.headers().get("Content-type").getFirst())
                .startsWith("multipart/form-data")
                .contains("boundary=");
        assertThat(received.body()).contains("filename=\"sales.csv\"").contains("North,42");

        web.get()
                .uri("/api/datasets/ds-1?version=2")
                .header("X-API-Key", GLOBEX_KEY)
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(ingestion.last().path()).isEqualTo("/api/datasets/ds-1?version=2");
        assertThat(ingestion.last().headers().get("X-tenant-id")).containsExactly("globex");
    }

    @Test
    void streamsADatasetsLoadProgressUntilItEndsAndHidesItFromOtherTenants() {
        var datasetId = UUID.randomUUID();
        var now = Instant.now();
        var stream = web.get()
                .uri("/api/datasets/{id}/events", datasetId)
                .header("X-API-Key", ACME_KEY)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .returnResult(SSE);
        assertThat(ingestion.last().path()).isEqualTo("/api/datasets/" + datasetId + "/status");
        assertThat(ingestion.last().headers().get("X-tenant-id")).containsExactly("acme");

        publishProgress(List.of(
                progress(datasetId, "upload", 4_000_000, 0),
                progress(datasetId, "load", 1_600_000, 10_000),
                progress(datasetId, "load", 3_200_000, 20_000),
                progress(datasetId, "profile", 4_000_000, 25_000),
                progress(datasetId, "done", 4_000_000, 25_000)));

        // Opened before any progress existed: these came from polling the dataset's Redis stream.
        var load = events(stream.getResponseBody().collectList().block(STREAM_TIMEOUT));
        assertThat(load).extracting(ServerSentEvent::event).containsOnly("IngestionProgressed");
        assertThat(load)
                .extracting(event -> mapper.readTree(event.data()).get("phase").asString())
                .containsExactly("upload", "load", "load", "profile", "done");
        assertThat(load)
                .extracting(
                        event -> mapper.readTree(event.data()).get("rowsLoaded").asLong())
                .containsExactly(0L, 10_000L, 20_000L, 25_000L, 25_000L);
        assertThat(load.stream().map(event -> StreamId.parse(event.id())).toList())
                .isSorted()
                .doesNotHaveDuplicates();

        // A reload that fails: a client resuming after the last event it saw gets it, ending at the failure.
        publishProgress(List.of(
                progress(datasetId, "upload", 12, 0),
                new DatasetFailed(
                        UUID.randomUUID(),
                        now,
                        datasetId,
                        "acme",
                        "meters",
                        "Line 3: 1 field where the header has 2")));
        var reload = events(web.get()
                .uri("/api/datasets/{id}/events", datasetId)
                .header("X-API-Key", ACME_KEY)
                .header("Last-Event-ID", load.getLast().id())
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(SSE)
                .getResponseBody()
                .collectList()
                .block(STREAM_TIMEOUT));
        assertThat(reload).extracting(ServerSentEvent::event).containsExactly("IngestionProgressed", "DatasetFailed");
        assertThat(mapper.readTree(reload.getLast().data()).get("message").asString())
                .isEqualTo("Line 3: 1 field where the header has 2");
        assertThat(StreamId.parse(reload.getFirst().id()))
                .isGreaterThan(StreamId.parse(load.getLast().id()));

        web.get()
                .uri("/api/datasets/{id}/events", datasetId)
                .header("X-API-Key", GLOBEX_KEY)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.get()
                .uri("/api/datasets/{id}/status", datasetId)
                .header("X-API-Key", GLOBEX_KEY)
                .exchange()
                .expectStatus()
                .isNotFound();
        web.get()
                .uri("/api/datasets/{id}/status", datasetId)
                .header("X-API-Key", ACME_KEY)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("loading");
        assertThat(redis.getExpire("analyst:dataset:" + datasetId).block()).isPositive();
    }

    @Test
    void endsADatasetsStreamWhoseLoadEndedLongAgoWithoutWaitingForever() {
        // Loaded before its progress was relayed (or its progress expired): nothing to replay.
        var datasetId = UUID.randomUUID();
        FINISHED_LOADS.add(datasetId.toString());

        var received = events(web.get()
                .uri("/api/datasets/{id}/events", datasetId)
                .header("X-API-Key", ACME_KEY)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(SSE)
                .getResponseBody()
                .collectList()
                .block(Duration.ofSeconds(10)));

        assertThat(received).isEmpty();
    }

    private static IngestionProgressed progress(UUID datasetId, String phase, long bytesRead, long rows) {
        return new IngestionProgressed(
                UUID.randomUUID(), Instant.now(), datasetId, "acme", phase, bytesRead, 4_000_000, rows);
    }

    private void publishProgress(List<DatasetProgress> events) {
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.shared().kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (var event : events) {
                var json = mapper.writerFor(DatasetProgress.class).writeValueAsString(event);
                producer.send(new ProducerRecord<>(Topic.DATASET_PROGRESS.topicName(), event.key(), json))
                        .get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish progress events", e);
        }
    }

    /** Asks a question as acme's Alice and returns the gateway's 202 answer (run id, conversation, events). */
    private JsonNode accepted(String question) {
        return web.post()
                .uri("/api/questions")
                .header("X-API-Key", ACME_KEY)
                .accept(MediaType.APPLICATION_JSON)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("question", question))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    private double openStreams() {
        return meters.get("analyst.gateway.sse.connections").gauge().value();
    }

    private ConsumerRecord<String, String> awaitQuestion(UUID runId) {
        return awaitOnQuestions(runId, "dev.analyst.QuestionAsked");
    }

    private ConsumerRecord<String, String> awaitOnQuestions(UUID runId, String type) {
        return RunTopics.awaitOnQuestions(runId, type);
    }

    private List<RunEvent> runEvents(UUID runId, UUID conversationId) {
        var now = Instant.now();
        var sql = "SELECT region, sum(amount) AS total FROM sales GROUP BY region ORDER BY total DESC LIMIT 1";
        var result = new ResultTable(
                List.of(new ResultColumn("region", "text"), new ResultColumn("total", "numeric")),
                List.of(List.of("North", 42)),
                false);
        var chart = new ChartSpec("bar", "Sales by region", "region", List.of("total"), "Region", "Total");
        var text = "North sold the most: 42.";
        return List.of(
                new RunStarted(UUID.randomUUID(), now, runId, conversationId, "acme", "Which region sold the most?"),
                new SqlGenerated(UUID.randomUUID(), now, runId, UUID.randomUUID(), "sales", 1, sql),
                new ResultProduced(UUID.randomUUID(), now, runId, result),
                new SummaryWritten(UUID.randomUUID(), now, runId, text),
                new AnswerCompleted(
                        UUID.randomUUID(), now, runId, conversationId, "acme", text, sql, result, chart, List.of()));
    }

    private void publish(List<RunEvent> events) {
        RunTopics.publish(mapper, events);
    }

    private List<JsonNode> messages(UUID conversationId, String key) {
        var body = web.get()
                .uri("/api/conversations/{id}/messages", conversationId)
                .header("X-API-Key", key)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        return body.valueStream().toList();
    }

    /** Events only: heartbeats are comments without an event name. */
    private static List<ServerSentEvent<String>> events(List<ServerSentEvent<String>> received) {
        return received.stream().filter(event -> event.event() != null).toList();
    }

    /** A stand-in for ingestion-service that answers every call and remembers the last one. */
    private record IngestionStub(HttpServer server, Map<String, Received> received) {

        static IngestionStub start() {
            try {
                var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                var received = new ConcurrentHashMap<String, Received>();
                server.createContext("/", exchange -> {
                    var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    received.put(
                            "last",
                            new Received(
                                    exchange.getRequestMethod(),
                                    exchange.getRequestURI().toString(),
                                    Map.copyOf(exchange.getRequestHeaders()),
                                    body));
                    var path = exchange.getRequestURI().getPath();
                    var status = path.endsWith("/status")
                            // Every dataset belongs to acme, and its load is running.
                            ? "acme".equals(exchange.getRequestHeaders().getFirst("X-Tenant-Id"))
                                    ? HttpStatus.OK.value()
                                    : HttpStatus.NOT_FOUND.value()
                            : exchange.getRequestMethod().equals("POST")
                                    ? HttpStatus.CREATED.value()
                                    : HttpStatus.OK.value();
                    var loadStatus = FINISHED_LOADS.stream().anyMatch(path::contains) ? "ready" : "loading";
                    var answer = (path.endsWith("/status")
                                    ? "{\"status\":\"" + loadStatus + "\"}"
                                    : "{\"id\":\"ds-1\"}")
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(status, answer.length);
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
            return received.get("last");
        }

        void stop() {
            server.stop(0);
        }
    }

    private record Received(String method, String path, Map<String, List<String>> headers, String body) {}
}
