package dev.analyst.analytics.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.analyst.analytics.LiveServiceTest;
import dev.analyst.contracts.Topic;
import dev.analyst.contracts.usage.ModelCalled;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;

class UsageLedgerIT extends LiveServiceTest {

    private static final String USER = "ada.lovelace";
    private static final Instant DAY_TEN_AM = Instant.parse("2025-03-14T10:00:00Z");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final Pattern TIME_GROUP_ALIAS = Pattern.compile("\\$__timeGroupAlias\\((\\w+),[^)]*\\)");
    private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\((\\w+)\\)");

    @Autowired
    MeterRegistry meters;

    @Autowired
    DatabaseClient database;

    @Test
    void recordsEachModelCallOnceAndTotalsItsCost() {
        var tenant = "tenant-" + UUID.randomUUID();
        var runId = UUID.randomUUID();
        // 1000 x 0.15 + 500 x 0.60 + 200 x 0.075 = 465 micro-dollars at the shipped price table
        var planner = modelCalled(runId, tenant, "openai", "gpt-4o-mini", 1_000, 500, 200);
        // 2000 x 1.00 + 100 x 5.00 = 2500 micro-dollars
        var writer = at(
                DAY_TEN_AM.plusSeconds(60), modelCalled(runId, tenant, "anthropic", "claude-haiku-4-5", 2_000, 100, 0));
        var inputTokensBefore = inputTokens("gpt-4o-mini");

        publish(planner);
        publish(planner); // a redelivery: same event id
        publish(writer);

        // Same run id, so same partition: once the writer's call is in, the redelivery has been handled.
        await().atMost(PATIENCE)
                .untilAsserted(() -> admin("/api/analytics/calls?tenantId=" + tenant)
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .jsonPath("$.length()")
                        .isEqualTo(2));

        admin("/api/analytics/calls?runId=" + runId)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].eventId")
                .isEqualTo(writer.eventId().toString())
                .jsonPath("$[0].costMicros")
                .isEqualTo(2_500)
                .jsonPath("$[1].eventId")
                .isEqualTo(planner.eventId().toString())
                .jsonPath("$[1].costMicros")
                .isEqualTo(465)
                .jsonPath("$[1].priced")
                .isEqualTo(true)
                .jsonPath("$[1].priceVersion")
                .isEqualTo("2025-10")
                .jsonPath("$[1].userId")
                .isEqualTo(USER);

        admin("/api/analytics/usage/summary?tenantId=" + tenant)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.calls")
                .isEqualTo(2)
                .jsonPath("$.inputTokens")
                .isEqualTo(3_000)
                .jsonPath("$.outputTokens")
                .isEqualTo(600)
                .jsonPath("$.cachedInputTokens")
                .isEqualTo(200)
                .jsonPath("$.costMicros")
                .isEqualTo(2_965)
                .jsonPath("$.costUsd")
                .isEqualTo(0.002965)
                .jsonPath("$.unpricedCalls")
                .isEqualTo(0);

        admin("/api/analytics/usage/daily?from=2025-03-14&to=2025-03-14&tenantId=" + tenant)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(2)
                .jsonPath("$[?(@.model == 'gpt-4o-mini')].calls")
                .isEqualTo(List.of(1))
                .jsonPath("$[?(@.model == 'claude-haiku-4-5')].costMicros")
                .isEqualTo(List.of(2_500))
                .jsonPath("$[0].day")
                .isEqualTo("2025-03-14");

        // Counted once although delivered twice.
        assertThat(inputTokens("gpt-4o-mini") - inputTokensBefore).isEqualTo(1_000);
    }

    @Test
    void storesAnUnknownModelUnpricedRatherThanFree() {
        var tenant = "tenant-" + UUID.randomUUID();
        var call = modelCalled(UUID.randomUUID(), tenant, "openai", "gpt-9-preview", 1_000, 1_000, 0);

        publish(call);

        await().atMost(PATIENCE)
                .untilAsserted(() -> admin("/api/analytics/usage/summary?tenantId=" + tenant)
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .jsonPath("$.calls")
                        .isEqualTo(1)
                        .jsonPath("$.unpricedCalls")
                        .isEqualTo(1)
                        .jsonPath("$.costMicros")
                        .isEqualTo(0));
        assertThat(meters.get(UsageMetrics.UNPRICED_CALLS)
                        .tag("model", "gpt-9-preview")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void deadLettersAPoisonMessageAndKeepsConsuming() {
        var tenant = "tenant-" + UUID.randomUUID();
        var runId = UUID.randomUUID();
        var poison = "{\"type\":\"ModelCalled\",\"eventId\": not json " + UUID.randomUUID();
        var after = modelCalled(runId, tenant, "builtin", "analyst-builtin", 700, 90, 0);

        send(new ProducerRecord<>(Topic.USAGE.topicName(), runId.toString(), poison));
        publish(after);

        await().atMost(PATIENCE)
                .untilAsserted(() -> admin("/api/analytics/calls?tenantId=" + tenant)
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .jsonPath("$[0].eventId")
                        .isEqualTo(after.eventId().toString())
                        .jsonPath("$[0].priced")
                        .isEqualTo(true)
                        .jsonPath("$[0].costMicros")
                        .isEqualTo(0));
        awaitDeadLetters(poison);
    }

    @Test
    void refusesTheApiWithoutTheAdminKey() {
        client.get()
                .uri("/api/analytics/usage/summary")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(401)
                .jsonPath("$.title")
                .isEqualTo("Admin key required")
                .jsonPath("$.instance")
                .isEqualTo("/api/analytics/usage/summary")
                .jsonPath("$.properties")
                .doesNotExist();
    }

    @Test
    void refusesTheApiWithAWrongAdminKey() {
        client.get()
                .uri("/api/analytics/usage/summary")
                .headers(headers -> headers.setBearerAuth("not-" + ADMIN_KEY))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Admin key rejected");
        client.get()
                .uri("/api/analytics/calls")
                .header("X-Admin-Key", "not-" + ADMIN_KEY)
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void acceptsTheAdminKeyInItsOwnHeader() {
        client.get()
                .uri("/api/analytics/usage/summary")
                .header("X-Admin-Key", ADMIN_KEY)
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void answersBadParametersWithProblemDetails() {
        admin("/api/analytics/usage/daily?from=2025-03-15&to=2025-03-14")
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Invalid date range");
        admin("/api/analytics/usage/daily?from=2025-13-01")
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        admin("/api/analytics/calls?limit=0")
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        admin("/api/analytics/calls?runId=not-a-uuid")
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void exposesProbesAndPrometheusMetricsWithoutTheAdminKey() {
        client.get()
                .uri("/actuator/health/readiness")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP");
        var call = modelCalled(UUID.randomUUID(), "tenant-" + UUID.randomUUID(), "openai", "gpt-4.1", 10, 10, 0);
        publish(call);
        await().atMost(PATIENCE).until(() -> inputTokens("gpt-4.1") >= 10);
        // Every consumer's Kafka client metrics make the scrape larger than WebTestClient's 256 kB default.
        var scrape = client.mutate()
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(8 * 1024 * 1024))
                .build()
                .get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(scrape)
                .contains("analyst_usage_tokens_total{")
                .contains("analyst_usage_cost_microdollars_total{")
                .contains("service=\"analytics-service\"")
                .contains("http_server_requests_seconds_bucket{")
                .contains("jvm_memory_used_bytes{area=\"heap\"")
                .doesNotContain(USER);
    }

    @Test
    void runsEveryGrafanaDashboardQueryAgainstTheLedger() {
        var tenant = "tenant-" + UUID.randomUUID();
        publish(at(Instant.now(), modelCalled(UUID.randomUUID(), tenant, "openai", "gpt-4o", 10, 5, 0)));
        await().atMost(PATIENCE)
                .untilAsserted(() -> admin("/api/analytics/usage/summary?tenantId=" + tenant)
                        .expectBody()
                        .jsonPath("$.calls")
                        .isEqualTo(1));
        var dashboard = mapper.readTree(Path.of("../deploy/grafana/dashboards/analyst-overview.json"));
        var queries = dashboard.findValuesAsString("rawSql");
        assertThat(queries).hasSizeGreaterThanOrEqualTo(4);

        for (var query : queries) {
            // Expand Grafana's PostgreSQL macros the way the datasource does, over the last week.
            var sql = TIME_GROUP_ALIAS
                    .matcher(query)
                    .replaceAll("to_timestamp(floor(extract(epoch FROM $1) / 60) * 60) AS \"time\"");
            sql = TIME_FILTER.matcher(sql).replaceAll("$1 BETWEEN now() - interval '7 days' AND now()");
            assertThat(sql).doesNotContain("$__");
            var rows = database.sql(sql).fetch().all().collectList().block(PATIENCE);
            assertThat(rows).as(query).isNotEmpty();
        }
    }

    private double inputTokens(String model) {
        var counter = meters.find(UsageMetrics.TOKENS)
                .tag("model", model)
                .tag("type", "input")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static ModelCalled modelCalled(
            UUID runId, String tenant, String provider, String model, long input, long output, long cached) {
        return new ModelCalled(
                UUID.randomUUID(),
                DAY_TEN_AM,
                runId,
                tenant,
                USER,
                provider,
                model,
                "planner",
                input,
                output,
                cached,
                250,
                250,
                true);
    }

    private static ModelCalled at(Instant occurredAt, ModelCalled call) {
        return new ModelCalled(
                call.eventId(),
                occurredAt,
                call.runId(),
                call.tenantId(),
                call.userId(),
                call.provider(),
                call.model(),
                call.stage(),
                call.inputTokens(),
                call.outputTokens(),
                call.cachedInputTokens(),
                call.latencyMillis(),
                call.timeToFirstTokenMillis(),
                call.succeeded());
    }
}
