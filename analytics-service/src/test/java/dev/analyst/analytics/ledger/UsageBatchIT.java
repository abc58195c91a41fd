package dev.analyst.analytics.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.analyst.analytics.LiveServiceTest;
import dev.analyst.analytics.ledger.LedgerWriter.PricedCall;
import dev.analyst.contracts.Topic;
import dev.analyst.contracts.usage.ModelCalled;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/** The batch path: a batch is stored once, whatever it repeats, and its invalid records leave alone. */
class UsageBatchIT extends LiveServiceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    LedgerWriter writer;

    @Autowired
    PriceTable prices;

    @Autowired
    DatabaseClient database;

    @Test
    void storesABatchThatRepeatsItselfOnceAndAFullReplayChangesNothing() {
        var tenant = "tenant-" + UUID.randomUUID();
        var first = call(tenant, UUID.randomUUID(), "2025-09-01T10:00:00Z", 1_000);
        var second = call(tenant, UUID.randomUUID(), "2025-09-01T11:00:00Z", 2_000);
        var third = call(tenant, UUID.randomUUID(), "2025-09-02T09:00:00Z", 4_000);

        var inserted = writer.record(
                        List.of(priced(first), priced(second), priced(first), priced(third), priced(second)))
                .block(PATIENCE);

        assertThat(inserted).containsExactlyInAnyOrder(first.eventId(), second.eventId(), third.eventId());
        var ledger = totals(tenant);
        assertThat(ledger).isEqualTo(new Totals(3, 7_000, 7_000, 3));

        var replayed = writer.record(List.of(priced(third), priced(second), priced(first)))
                .block(PATIENCE);

        assertThat(replayed).isEmpty();
        assertThat(totals(tenant)).isEqualTo(ledger);
    }

    @Test
    void storesTextThatArrayLiteralsMustQuoteExactlyAsSent() {
        // Every character with a meaning in a PostgreSQL array literal, and words it treats specially.
        var tenant = "tenant {\"quoted\", back\\slash} " + UUID.randomUUID();
        var users = List.of("NULL", "", " padded ", "a,b", "{}", "\"", "\\", "Zoë 数据 🙂", "line\nbreak");
        var calls = users.stream()
                .map(user -> new ModelCalled(
                        UUID.randomUUID(),
                        Instant.parse("2025-09-04T10:00:00Z"),
                        UUID.randomUUID(),
                        tenant,
                        user,
                        "openai",
                        "gpt-4o-mini",
                        "plan \"one\"",
                        10,
                        1,
                        0,
                        400,
                        150,
                        true))
                .toList();

        assertThat(writer.record(calls.stream().map(this::priced).toList()).block(PATIENCE))
                .hasSize(users.size());

        var stored = database.sql("SELECT user_id, stage FROM model_call WHERE tenant_id = :tenant")
                .bind("tenant", tenant)
                .map(row ->
                        List.of(Rows.require(row, "user_id", String.class), Rows.require(row, "stage", String.class)))
                .all()
                .collectList()
                .block(PATIENCE);
        assertThat(stored).extracting(row -> row.get(0)).containsExactlyInAnyOrderElementsOf(users);
        assertThat(stored).extracting(row -> row.get(1)).containsOnly("plan \"one\"");
        assertThat(totals(tenant))
                .isEqualTo(new Totals(users.size(), 10L * users.size(), 10L * users.size(), users.size()));
    }

    @Test
    void deadLettersAnInvalidRecordMidBatchAndStoresTheRestOnce() {
        var tenant = "tenant-" + UUID.randomUUID();
        var runId = UUID.randomUUID();
        var before = call(tenant, runId, "2025-09-03T10:00:00Z", 100);
        var after = call(tenant, runId, "2025-09-03T10:05:00Z", 200);
        // Parses, but a negative token count cannot be priced or stored.
        var invalid = mapper.writerFor(Topic.USAGE.payloadType())
                .writeValueAsString(call(tenant, runId, "2025-09-03T10:01:00Z", -5));
        var unreadable = "{\"type\":\"ModelCalled\", \"eventId\": " + UUID.randomUUID();

        // One run id, one partition: the records reach the listener in this order, most likely in one poll.
        publish(before);
        send(new ProducerRecord<>(Topic.USAGE.topicName(), runId.toString(), invalid));
        publish(before);
        send(new ProducerRecord<>(Topic.USAGE.topicName(), runId.toString(), unreadable));
        publish(after);

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(totals(tenant).calls()).isEqualTo(2));
        awaitDeadLetters(invalid, unreadable);
        assertThat(totals(tenant)).isEqualTo(new Totals(2, 300, 300, 2));
    }

    @Test
    void pagesDailyUsageAlongTheRollupWithANextLink() {
        var tenant = "tenant-" + UUID.randomUUID();
        var calls = List.of(
                call(tenant, UUID.randomUUID(), "2025-09-05T10:00:00Z", 1),
                call(tenant, UUID.randomUUID(), "2025-09-05T11:00:00Z", 2),
                call(tenant, UUID.randomUUID(), "2025-09-06T09:00:00Z", 3));
        writer.record(calls.stream().map(this::priced).toList()).block(PATIENCE);
        var range = "/api/analytics/usage/daily?from=2025-09-05&to=2025-09-06&tenantId=" + tenant;

        var first = admin(range + "&limit=1")
                .expectStatus()
                .isOk()
                .expectBodyList(DailyUsage.class)
                .returnResult();
        assertThat(first.getResponseBody()).singleElement().satisfies(row -> {
            assertThat(row.day()).hasToString("2025-09-05");
            assertThat(row.calls()).isEqualTo(2);
        });
        var link = first.getResponseHeaders().getFirst("Link");
        assertThat(link)
                .startsWith("<")
                .endsWith(">; rel=\"next\"")
                .contains("limit=1")
                .contains("after=");

        var next = link.substring(link.indexOf("/api/"), link.indexOf('>'));
        var second = admin(next)
                .expectStatus()
                .isOk()
                .expectBodyList(DailyUsage.class)
                .returnResult();
        assertThat(second.getResponseBody()).singleElement().satisfies(row -> {
            assertThat(row.day()).hasToString("2025-09-06");
            assertThat(row.inputTokens()).isEqualTo(3);
        });
        assertThat(second.getResponseHeaders().get("Link")).isNull();

        admin(range + "&after=bm90LWEtY3Vyc29y")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.parameter")
                .isEqualTo("after");
    }

    private PricedCall priced(ModelCalled call) {
        return new PricedCall(call, prices.price(call));
    }

    /** The tenant's calls and input tokens from the ledger and from the daily rollup. */
    private Totals totals(String tenant) {
        return database.sql("""
                        SELECT (SELECT count(*) FROM model_call WHERE tenant_id = :tenant) AS calls,
                               (SELECT coalesce(sum(input_tokens), 0)::bigint FROM model_call
                                WHERE tenant_id = :tenant) AS ledger_input,
                               (SELECT coalesce(sum(input_tokens), 0)::bigint FROM daily_usage
                                WHERE tenant_id = :tenant) AS rollup_input,
                               (SELECT coalesce(sum(calls), 0)::bigint FROM daily_usage
                                WHERE tenant_id = :tenant) AS rollup_calls""")
                .bind("tenant", tenant)
                .map(row -> new Totals(
                        Rows.require(row, "calls", Long.class),
                        Rows.require(row, "ledger_input", Long.class),
                        Rows.require(row, "rollup_input", Long.class),
                        Rows.require(row, "rollup_calls", Long.class)))
                .one()
                .block(PATIENCE);
    }

    private record Totals(long calls, long ledgerInputTokens, long rollupInputTokens, long rollupCalls) {}

    private static ModelCalled call(String tenant, UUID runId, String at, long inputTokens) {
        return new ModelCalled(
                UUID.randomUUID(),
                Instant.parse(at),
                runId,
                tenant,
                "grace",
                "anthropic",
                "claude-haiku-4-5",
                "writer",
                inputTokens,
                0,
                0,
                400,
                150,
                true);
    }
}
