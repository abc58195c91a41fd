package dev.analyst.analytics.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.analyst.analytics.LiveServiceTest;
import dev.analyst.contracts.usage.ModelCalled;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class RollupsIT extends LiveServiceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final LocalDate JUNE_FIRST = LocalDate.parse("2025-06-01");
    private static final List<String> USERS = List.of("ada", "grace", "edsger", "barbara", "donald");
    // provider, model; the last one is missing from the price table
    private static final List<List<String>> MODELS = List.of(
            List.of("openai", "gpt-4o-mini"),
            List.of("openai", "gpt-4.1"),
            List.of("anthropic", "claude-haiku-4-5"),
            List.of("builtin", "analyst-builtin"),
            List.of("vllm", "llama-in-the-basement"));

    @Autowired
    LedgerWriter ledger;

    @Autowired
    PriceTable prices;

    @Autowired
    DatabaseClient database;

    @Test
    void rollsUpAMonthOfUsageToExactlyTheLedgersSums() {
        var tenant = "tenant-" + UUID.randomUUID();
        var random = new Random(6);
        var calls = new ArrayList<ModelCalled>();
        for (int i = 0; i < 2_000; i++) {
            var model = MODELS.get(random.nextInt(MODELS.size()));
            var occurredAt =
                    JUNE_FIRST.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(random.nextLong(30L * 24 * 3600));
            long latency = 50 + random.nextInt(5_000);
            calls.add(new ModelCalled(
                    UUID.randomUUID(),
                    occurredAt,
                    UUID.randomUUID(),
                    tenant,
                    USERS.get(random.nextInt(USERS.size())),
                    model.get(0),
                    model.get(1),
                    random.nextBoolean() ? "planner" : "writer",
                    random.nextInt(20_000),
                    random.nextInt(2_000),
                    random.nextInt(3) == 0 ? random.nextInt(5_000) : 0,
                    latency,
                    latency / (1 + random.nextInt(4)),
                    random.nextInt(25) != 0));
        }

        var inserted = record(calls);
        // Replays of a tenth of them, recorded concurrently with nothing else: nothing may change.
        var replayed = record(calls.subList(0, 200));

        assertThat(inserted).containsOnly(true).hasSize(2_000);
        assertThat(replayed).containsOnly(false).hasSize(200);

        // Every rollup row equals the same sums taken over the raw ledger.
        var fromLedger = rows("""
                SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day, tenant_id, user_id, provider, model,
                       count(*) AS calls, count(*) FILTER (WHERE NOT succeeded) AS errors,
                       sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
                       sum(cached_input_tokens) AS cached_input_tokens, sum(cost_micros) AS cost_micros,
                       sum(latency_millis) AS latency_millis_sum, count(time_to_first_token_millis) AS timed,
                       sum(time_to_first_token_millis) AS ttft_sum, count(*) FILTER (WHERE NOT priced) AS unpriced
                FROM model_call WHERE tenant_id = :tenant GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
                """, tenant);
        var fromRollup = rows("""
                SELECT day, tenant_id, user_id, provider, model, calls, errors, input_tokens, output_tokens,
                       cached_input_tokens, cost_micros, latency_millis_sum, timed_first_token_calls AS timed,
                       time_to_first_token_millis_sum AS ttft_sum, unpriced_calls AS unpriced
                FROM daily_usage WHERE tenant_id = :tenant ORDER BY 1, 2, 3, 4, 5
                """, tenant);
        assertThat(fromRollup).hasSizeGreaterThan(100).isEqualTo(fromLedger);

        // So does every latency histogram bucket: the calls whose latency, or time to first token, it holds.
        // The histogram spans tenants, so it is compared whole, in one statement and hence one snapshot.
        var differences = database.sql("""
                        WITH from_ledger AS (
                            SELECT day, provider, model, bucket, sum(latency_calls)::bigint AS latency_calls,
                                   sum(first_token_calls)::bigint AS first_token_calls
                            FROM (SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day, provider, model,
                                         latency_bucket(latency_millis) AS bucket, 1 AS latency_calls,
                                         0 AS first_token_calls
                                  FROM model_call
                                  UNION ALL
                                  SELECT (occurred_at AT TIME ZONE 'UTC')::date, provider, model,
                                         latency_bucket(time_to_first_token_millis), 0, 1
                                  FROM model_call WHERE time_to_first_token_millis IS NOT NULL) AS calls
                            GROUP BY 1, 2, 3, 4
                        ), histogram AS (
                            SELECT day, provider, model, bucket, latency_calls, first_token_calls
                            FROM model_latency_histogram
                        )
                        SELECT count(*) AS differences
                        FROM ((SELECT * FROM from_ledger EXCEPT SELECT * FROM histogram)
                              UNION ALL (SELECT * FROM histogram EXCEPT SELECT * FROM from_ledger)) AS d""")
                .map(row -> Rows.require(row, "differences", Long.class))
                .one()
                .block(PATIENCE);
        assertThat(differences).isZero();

        // And the API's totals equal what the generated calls cost, priced one by one here.
        var expectedByModel = calls.stream()
                .collect(Collectors.groupingBy(
                        ModelCalled::model,
                        Collectors.summingLong(call -> prices.price(call).costMicros())));
        var byModel = admin("/api/analytics/cost?groupBy=model&from=2025-06-01&to=2025-06-30&tenantId=" + tenant)
                .expectStatus()
                .isOk()
                .expectBodyList(CostGroup.class)
                .returnResult()
                .getResponseBody();
        assertThat(byModel)
                .extracting(CostGroup::group, CostGroup::costMicros)
                .containsExactlyInAnyOrderElementsOf(expectedByModel.entrySet().stream()
                        .map(entry -> org.assertj.core.groups.Tuple.tuple(entry.getKey(), entry.getValue()))
                        .toList());
        assertThat(byModel)
                .isSortedAccordingTo(
                        Comparator.comparingLong(CostGroup::costMicros).reversed());
        assertThat(byModel.stream().mapToLong(CostGroup::calls).sum()).isEqualTo(2_000);
        assertThat(byModel.stream().filter(group -> group.group().equals("llama-in-the-basement")))
                .singleElement()
                .satisfies(group -> assertThat(group.unpricedCalls()).isEqualTo(group.calls()));

        var byDay = admin("/api/analytics/cost?groupBy=day&from=2025-06-01&to=2025-06-30&tenantId=" + tenant)
                .expectStatus()
                .isOk()
                .expectBodyList(CostGroup.class)
                .returnResult()
                .getResponseBody();
        assertThat(byDay).hasSize(30).first().extracting(CostGroup::group).isEqualTo("2025-06-01");
        assertThat(byDay.stream().mapToLong(CostGroup::inputTokens).sum())
                .isEqualTo(calls.stream().mapToLong(ModelCalled::inputTokens).sum());

        // Model performance: counts from the rollup, percentiles from the histograms, within their resolution.
        var haiku = calls.stream()
                .filter(call -> call.model().equals("claude-haiku-4-5"))
                .toList();
        var performance = admin("/api/analytics/models?from=2025-06-01&to=2025-06-30&tenantId=" + tenant)
                .expectStatus()
                .isOk()
                .expectBodyList(ModelPerformance.class)
                .returnResult()
                .getResponseBody();
        assertThat(performance).hasSize(MODELS.size());
        assertThat(performance.stream().filter(model -> model.model().equals("claude-haiku-4-5")))
                .singleElement()
                .satisfies(model -> {
                    assertThat(model.provider()).isEqualTo("anthropic");
                    assertThat(model.calls()).isEqualTo(haiku.size());
                    long errors =
                            haiku.stream().filter(call -> !call.succeeded()).count();
                    assertThat(model.errors()).isEqualTo(errors);
                    assertThat(model.errorRate()).isCloseTo((double) errors / haiku.size(), within());
                    var latencies = haiku.stream()
                            .mapToLong(ModelCalled::latencyMillis)
                            .sorted()
                            .toArray();
                    assertThat(model.latencyP50Millis())
                            .isCloseTo(percentile(latencies, 0.5), resolution(latencies, 0.5));
                    assertThat(model.latencyP95Millis())
                            .isCloseTo(percentile(latencies, 0.95), resolution(latencies, 0.95));
                    var firstTokens = haiku.stream()
                            .mapToLong(ModelCalled::timeToFirstTokenMillis)
                            .sorted()
                            .toArray();
                    assertThat(model.timeToFirstTokenP95Millis())
                            .isCloseTo(percentile(firstTokens, 0.95), resolution(firstTokens, 0.95));
                    assertThat(model.meanTimeToFirstTokenMillis())
                            .isCloseTo(
                                    haiku.stream()
                                            .mapToLong(ModelCalled::timeToFirstTokenMillis)
                                            .average()
                                            .orElseThrow(),
                                    within());
                    assertThat(model.outputTokens())
                            .isEqualTo(haiku.stream()
                                    .mapToLong(ModelCalled::outputTokens)
                                    .sum());
                });
    }

    @Test
    void filesEveryDurationInTheBucketItsBoundsDescribe() {
        for (long millis : new long[] {0, 1, 2, 3, 5, 7, 8, 100, 1_000, 1_024, 4_095, 4_096, 65_536, 123_456_789}) {
            var bucket = database.sql("SELECT latency_bucket(:millis) AS bucket")
                    .bind("millis", millis)
                    .map(row -> Rows.require(row, "bucket", Short.class))
                    .one()
                    .block(PATIENCE);
            assertThat((double) millis)
                    .as("%d ms in bucket %d", millis, bucket)
                    .isGreaterThanOrEqualTo(LatencyHistogram.lowerBound(bucket))
                    .isLessThan(LatencyHistogram.upperBound(bucket));
        }
    }

    @Test
    void readsLatencyPercentilesWithinTheHistogramsResolutionOfPostgresPercentileCont() {
        var tenant = "tenant-" + UUID.randomUUID();
        var random = new Random(95);
        var calls = new ArrayList<ModelCalled>();
        for (int i = 0; i < 300; i++) {
            // Log-normal-ish latencies, as model calls have: most around a second, a long tail.
            long latency = Math.round(Math.exp(6.5 + random.nextGaussian()));
            calls.add(new ModelCalled(
                    UUID.randomUUID(),
                    // Days no other test uses: the all-tenant histogram holds these calls only.
                    Instant.parse("2001-08-01T00:00:00Z").plusSeconds(random.nextInt(3 * 86_400)),
                    UUID.randomUUID(),
                    tenant,
                    "ada",
                    "openai",
                    "gpt-4.1",
                    "writer",
                    100,
                    10,
                    0,
                    latency,
                    latency / 4,
                    true));
        }
        assertThat(record(calls)).containsOnly(true);
        var exact = database.sql("""
                        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_millis) AS p50,
                               percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_millis) AS p95,
                               percentile_cont(0.5) WITHIN GROUP (ORDER BY time_to_first_token_millis) AS ttft50
                        FROM model_call WHERE tenant_id = :tenant""")
                .bind("tenant", tenant)
                .map(row -> new double[] {
                    Rows.require(row, "p50", Double.class),
                    Rows.require(row, "p95", Double.class),
                    Rows.require(row, "ttft50", Double.class)
                })
                .one()
                .block(PATIENCE);

        var performance = admin("/api/analytics/models?from=2001-08-01&to=2001-08-03")
                .expectStatus()
                .isOk()
                .expectBodyList(ModelPerformance.class)
                .returnResult()
                .getResponseBody();

        assertThat(performance).singleElement().satisfies(model -> {
            assertThat(model.latencyP50Millis()).isCloseTo(exact[0], relative(exact[0]));
            assertThat(model.latencyP95Millis()).isCloseTo(exact[1], relative(exact[1]));
            assertThat(model.timeToFirstTokenP50Millis()).isCloseTo(exact[2], relative(exact[2]));
        });
    }

    @Test
    void replayedAndRedeliveredEventsChangeNothingInTheRollup() {
        var tenant = "tenant-" + UUID.randomUUID();
        var runId = UUID.randomUUID();
        var first = call(runId, tenant, "2025-04-02T08:00:00Z", 1_000);
        var second = call(runId, tenant, "2025-04-02T09:00:00Z", 2_000);
        publish(first);
        publish(first);
        publish(second);
        awaitCost(tenant, "2025-04-02", 3_000);

        // A replay of the whole run, then one new call: same run, same partition, so once the new call is
        // counted the replays have been handled.
        publish(first);
        publish(second);
        publish(call(runId, tenant, "2025-04-02T10:00:00Z", 4_000));
        awaitCost(tenant, "2025-04-02", 7_000);

        admin("/api/analytics/cost?groupBy=user&from=2025-04-02&to=2025-04-02&tenantId=" + tenant)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(1)
                .jsonPath("$[0].group")
                .isEqualTo("ada")
                .jsonPath("$[0].calls")
                .isEqualTo(3)
                .jsonPath("$[0].inputTokens")
                .isEqualTo(7_000);
    }

    @Test
    void projectsTheMonthEndFromTheLastSevenDays() {
        var tenant = "tenant-" + UUID.randomUUID();
        // claude-haiku-4-5 costs US$ 1 per million input tokens: one token, one micro-dollar.
        var calls = Map.of(
                "2025-05-31T12:00:00Z", 5_000L, // the month before: not in the month to date
                "2025-06-01T12:00:00Z", 100L,
                "2025-06-03T12:00:00Z", 700L,
                "2025-06-05T12:00:00Z", 1_400L,
                "2025-06-09T12:00:00Z", 2_100L,
                "2025-06-10T23:59:59Z", 3_500L,
                "2025-06-11T00:00:00Z", 9_999L); // after the day asked about
        calls.forEach((at, tokens) -> {
            var call = call(UUID.randomUUID(), tenant, at, tokens);
            assertThat(ledger.record(List.of(priced(call))).block(PATIENCE)).containsExactly(call.eventId());
        });

        // June 10th: 7800 so far; June 4..10 cost 1400 + 2100 + 3500 = 7000, 1000 a day; 20 days left.
        admin("/api/analytics/cost/projection?asOf=2025-06-10&tenantId=" + tenant)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.month")
                .isEqualTo("2025-06")
                .jsonPath("$.monthToDateCostMicros")
                .isEqualTo(7_800)
                .jsonPath("$.trailingFrom")
                .isEqualTo("2025-06-04")
                .jsonPath("$.trailingDays")
                .isEqualTo(7)
                .jsonPath("$.dailyAverageCostMicros")
                .isEqualTo(1_000)
                .jsonPath("$.daysRemaining")
                .isEqualTo(20)
                .jsonPath("$.projectedMonthCostMicros")
                .isEqualTo(27_800)
                .jsonPath("$.projectedMonthCostUsd")
                .isEqualTo(0.0278)
                .jsonPath("$.method")
                .value(method -> assertThat((String) method).startsWith("linear: monthToDate + dailyAverage"));

        // June 3rd: only 3 days so far: 800 / 3 = 266.67, rounded to 267; 800 + 267 x 27 = 8009.
        admin("/api/analytics/cost/projection?asOf=2025-06-03&tenantId=" + tenant)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.monthToDateCostMicros")
                .isEqualTo(800)
                .jsonPath("$.trailingDays")
                .isEqualTo(3)
                .jsonPath("$.dailyAverageCostMicros")
                .isEqualTo(267)
                .jsonPath("$.projectedMonthCostMicros")
                .isEqualTo(8_009);
    }

    @Test
    void streamsEachNewCallToTheDashboards() {
        var tenant = "tenant-" + UUID.randomUUID();
        var call = call(UUID.randomUUID(), tenant, "2025-07-04T12:00:00Z", 1_234);
        Flux<ServerSentEvent<String>> events = client.get()
                .uri("/api/analytics/stream")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .headers(headers -> headers.setBearerAuth(ADMIN_KEY))
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .getResponseBody();

        StepVerifier.create(events.filter(event -> "ready".equals(event.event())
                        || call.eventId().toString().equals(event.id())))
                .expectNextMatches(event -> "ready".equals(event.event()))
                .then(() -> publish(call))
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("usage");
                    assertThat(event.data())
                            .contains("\"day\":\"2025-07-04\"")
                            .contains("\"model\":\"claude-haiku-4-5\"")
                            .contains("\"inputTokens\":1234")
                            .contains("\"costMicros\":1234");
                })
                .thenCancel()
                .verify(PATIENCE);
    }

    @Test
    void answersBadAnalyticsParametersWithProblemDetails() {
        admin("/api/analytics/cost?groupBy=week")
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Invalid parameter")
                .jsonPath("$.parameter")
                .isEqualTo("groupBy");
        admin("/api/analytics/models?from=2025-06-02&to=2025-06-01")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Invalid date range");
        admin("/api/analytics/cost/projection?asOf=June")
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        client.get().uri("/api/analytics/stream").exchange().expectStatus().isUnauthorized();
    }

    /** Records the calls in batches of 100, four batches at a time; emits whether each call was new. */
    private List<Boolean> record(List<ModelCalled> calls) {
        var inserted = Flux.fromIterable(calls)
                .map(this::priced)
                .buffer(100)
                .flatMap(batch -> ledger.record(batch), 4)
                .flatMapIterable(ids -> ids)
                .collect(Collectors.toSet())
                .block(Duration.ofMinutes(2));
        return calls.stream().map(call -> inserted.contains(call.eventId())).toList();
    }

    private LedgerWriter.PricedCall priced(ModelCalled call) {
        return new LedgerWriter.PricedCall(call, prices.price(call));
    }

    private List<Map<String, Object>> rows(String sql, String tenant) {
        return database.sql(sql)
                .bind("tenant", tenant)
                .fetch()
                .all()
                .map(row -> row.entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, entry -> normalise(entry.getValue()))))
                .collectList()
                .block(PATIENCE);
    }

    // Sums come back as numeric, counts and rollup columns as bigint: compare them as longs.
    private static Object normalise(Object value) {
        return value instanceof Number number ? (Object) number.longValue() : value;
    }

    private void awaitCost(String tenant, String day, long inputTokens) {
        await().atMost(PATIENCE)
                .untilAsserted(() -> admin(
                                "/api/analytics/cost?groupBy=day&from=" + day + "&to=" + day + "&tenantId=" + tenant)
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .jsonPath("$[0].inputTokens")
                        .isEqualTo(inputTokens));
    }

    private static ModelCalled call(UUID runId, String tenant, String at, long inputTokens) {
        return new ModelCalled(
                UUID.nameUUIDFromBytes((tenant + at).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                Instant.parse(at),
                runId,
                tenant,
                "ada",
                "anthropic",
                "claude-haiku-4-5",
                "planner",
                inputTokens,
                0,
                0,
                300,
                120,
                true);
    }

    /** PostgreSQL's {@code percentile_cont}: linear interpolation between the closest ranks. */
    private static double percentile(long[] sorted, double fraction) {
        double rank = fraction * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = (int) Math.ceil(rank);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }

    /** How far a percentile read from the latency histograms may be from the exact one. */
    private static org.assertj.core.data.Offset<Double> resolution(long[] sorted, double fraction) {
        return relative(percentile(sorted, fraction));
    }

    private static org.assertj.core.data.Offset<Double> relative(double exact) {
        return org.assertj.core.data.Offset.offset(exact * LatencyHistogram.RELATIVE_RESOLUTION);
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-6);
    }
}
