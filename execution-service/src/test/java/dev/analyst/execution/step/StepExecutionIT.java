package dev.analyst.execution.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.Topic;
import dev.analyst.contracts.analysis.Anova;
import dev.analyst.contracts.dataset.DatasetEvent;
import dev.analyst.contracts.dataset.DatasetLocation;
import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.contracts.dataset.ExternalPostgres;
import dev.analyst.contracts.dataset.SecretBox;
import dev.analyst.contracts.dataset.WarehouseReader;
import dev.analyst.contracts.dataset.WarehouseSchema;
import dev.analyst.contracts.step.AnalysisRequested;
import dev.analyst.contracts.step.AnalysisSucceeded;
import dev.analyst.contracts.step.ChartHydrated;
import dev.analyst.contracts.step.ChartRequested;
import dev.analyst.contracts.step.StepError;
import dev.analyst.contracts.step.StepFailed;
import dev.analyst.contracts.step.StepRequest;
import dev.analyst.contracts.step.StepRequested;
import dev.analyst.contracts.step.StepResult;
import dev.analyst.contracts.step.StepSucceeded;
import dev.analyst.execution.catalog.DatasetCatalog;
import dev.analyst.infra.Infrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** Steps through Kafka, the warehouse and Redis, all real: what the agent sees come back. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"analyst.execution.statement-timeout=1s", "analyst.execution.dataset-wait=1s"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StepExecutionIT {

    private static final Infrastructure infra = Infrastructure.shared();

    private static final String TENANT = "acme";

    private final UUID datasetId = UUID.randomUUID();

    private final UUID otherTenantsDatasetId = UUID.randomUUID();

    private final UUID externalDatasetId = UUID.randomUUID();

    private final List<StepResult> results = new CopyOnWriteArrayList<>();

    private final List<ConsumerRecord<String, String>> deadLetters = new CopyOnWriteArrayList<>();

    @Autowired
    private JsonMapper mapper;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private DatasetCatalog catalog;

    @Autowired
    private SecretBox secrets;

    private KafkaProducer<String, String> producer;

    private KafkaConsumer<String, String> consumer;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        infra.environment().forEach((name, value) -> registry.add(name, () -> value));
    }

    @BeforeAll
    void createWarehouseAndDatasets() throws SQLException {
        sql("""
                CREATE SCHEMA IF NOT EXISTS warehouse_acme;
                DROP TABLE IF EXISTS warehouse_acme.t;
                CREATE TABLE warehouse_acme.t (id int, region text, amount numeric(10, 2), sold_on date);
                INSERT INTO warehouse_acme.t VALUES
                    (1, 'north', 10.50, '2024-01-31'), (2, 'south', 4.25, '2024-02-29'), (3, 'north', 1.00, NULL);
                """);
        sql("""
                CREATE SCHEMA IF NOT EXISTS warehouse_globex;
                DROP TABLE IF EXISTS warehouse_globex.t;
                CREATE TABLE warehouse_globex.t (id int, region text, amount numeric(10, 2), sold_on date);
                INSERT INTO warehouse_globex.t VALUES (7, 'canary-globex', 99.99, '2024-03-31');
                """);
        // Execution runs each tenant's queries as the login ingestion gives each tenant schema.
        sql(String.join(";\n", WarehouseReader.of(TENANT).provisioningStatements(secrets)));
        sql(String.join(";\n", WarehouseReader.of("globex").provisioningStatements(secrets)));
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra.kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class));
        var partitions = new ArrayList<TopicPartition>();
        for (String topic : List.of(Topic.STEP_RESULTS.topicName(), Topic.STEPS.deadLetterTopicName())) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);

        publishDataset(datasetId, TENANT, new WarehouseSchema("warehouse_acme"));
        publishDataset(otherTenantsDatasetId, "globex", new WarehouseSchema("warehouse_globex"));
        // The suite's own database, connected as if it were someone's external PostgreSQL.
        publishDataset(
                externalDatasetId,
                TENANT,
                new ExternalPostgres(
                        infra.dbHost(),
                        infra.dbPort(),
                        infra.environment().get("ANALYST_DB_NAME"),
                        "warehouse_acme",
                        infra.dbUser(),
                        secrets.seal(infra.dbPassword())));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> catalog.find(otherTenantsDatasetId, "globex", Duration.ZERO)
                                .block()
                        != null);
    }

    @AfterAll
    void closeClients() {
        producer.close();
        consumer.close();
    }

    @Test
    void countsTheRowsOfTheTenantsTable() {
        StepResult result = run(step("SELECT count(*) FROM t", 100));

        assertThat(result).isInstanceOfSatisfying(StepSucceeded.class, succeeded -> {
            assertThat(succeeded.result().columns())
                    .singleElement()
                    .satisfies(column -> assertThat(column.name()).isEqualTo("count"))
                    .satisfies(column -> assertThat(column.type()).isEqualTo("int8"));
            assertThat(succeeded.result().rows()).containsExactly(List.of(3));
            assertThat(succeeded.result().truncated()).isFalse();
        });
    }

    @Test
    void returnsNumbersAsNumbersAndDatesAsIsoText() {
        StepResult result = run(step("SELECT id, region, amount, sold_on FROM t ORDER BY id", 100));

        assertThat(result).isInstanceOfSatisfying(StepSucceeded.class, succeeded -> {
            assertThat(succeeded.result().columns())
                    .extracting(column -> column.type())
                    .containsExactly("int4", "text", "numeric", "date");
            assertThat(succeeded.result().rows().getFirst()).containsExactly(1, "north", 10.5, "2024-01-31");
            assertThat(succeeded.result().rows().get(2)).containsExactly(3, "north", 1.0, null);
        });
    }

    @Test
    void capsRowsAndMarksTheResultTruncated() {
        StepResult result = run(step("SELECT id FROM t ORDER BY id", 2));

        assertThat(result).isInstanceOfSatisfying(StepSucceeded.class, succeeded -> {
            assertThat(succeeded.result().rows()).containsExactly(List.of(1), List.of(2));
            assertThat(succeeded.result().truncated()).isTrue();
        });
    }

    @Test
    void rejectsDropTableAndKeepsTheData() throws SQLException {
        StepResult result = run(step("DROP TABLE t", 100));

        assertThat(result).isInstanceOfSatisfying(StepFailed.class, failed -> {
            assertThat(failed.error()).isEqualTo(StepError.REJECTED);
            assertThat(failed.message()).contains("DROP");
        });
        assertThat(countRows("warehouse_acme.t")).isEqualTo(3);
    }

    @Test
    void runsStepsAgainstAConnectedDatabaseWithItsSealedPassword() {
        StepRequested external = forDataset(step("SELECT count(*) AS n FROM t", 100), TENANT, externalDatasetId);

        assertThat(run(external))
                .isInstanceOfSatisfying(
                        StepSucceeded.class,
                        succeeded -> assertThat(succeeded.result().rows()).containsExactly(List.of(3)));
    }

    @Test
    void treatsAnotherTenantsDatasetAsNotFound() {
        StepRequested foreign = forDataset(step("SELECT count(*) FROM t", 100), TENANT, otherTenantsDatasetId);

        StepResult result = run(foreign);

        assertThat(result).isInstanceOfSatisfying(StepFailed.class, failed -> {
            assertThat(failed.error()).isEqualTo(StepError.DATASET_NOT_FOUND);
            assertThat(failed.message()).doesNotContain("globex");
        });
    }

    @Test
    void cancelsARunawayQueryAndKeepsServing() {
        // A bound the planner cannot see, so it guesses the series small and only the timeout stops it.
        StepResult runaway = run(step("SELECT count(*) FROM generate_series(1, (SELECT 100000000000))", 100));

        assertThat(runaway).isInstanceOfSatisfying(StepFailed.class, failed -> {
            assertThat(failed.error()).isEqualTo(StepError.TIMEOUT);
            assertThat(failed.message()).doesNotContain("Exception").doesNotContain("localhost");
        });
        assertThat(run(step("SELECT max(id) FROM t", 100))).isInstanceOf(StepSucceeded.class);
    }

    @Test
    void refusesAQueryThePlannerEstimatesAboveTheCostLimitWithTheEstimate() {
        StepResult result = run(step("SELECT count(*) FROM t a, t b, generate_series(1, 100000000000) g", 100));

        assertThat(result).isInstanceOfSatisfying(StepFailed.class, failed -> {
            assertThat(failed.error()).isEqualTo(StepError.TOO_EXPENSIVE);
            assertThat(failed.message()).containsPattern("cost of [0-9,]+").contains("limit of 50,000,000");
        });
    }

    @Test
    void mapsDatabaseErrorsToCorrectableClasses() {
        StepResult result = run(step("SELECT no_such_column FROM t", 100));

        assertThat(result).isInstanceOfSatisfying(StepFailed.class, failed -> {
            assertThat(failed.error()).isEqualTo(StepError.UNKNOWN_OBJECT);
            assertThat(failed.message()).contains("no_such_column");
        });
    }

    @Test
    void servesARepeatedStepFromTheCache() {
        String sql = "SELECT region, sum(amount) AS total FROM t GROUP BY region ORDER BY region";
        double hitsBefore = cacheHits();

        StepResult first = run(step(sql, 50));
        StepResult second = run(step(sql.replace(" FROM", "\n  FROM"), 50));

        assertThat(first).isInstanceOf(StepSucceeded.class);
        assertThat(second).isInstanceOf(StepSucceeded.class);
        assertThat(((StepSucceeded) second).result()).isEqualTo(((StepSucceeded) first).result());
        assertThat(cacheHits()).isEqualTo(hitsBefore + 1);
    }

    @Test
    void neverServesOneTenantsCachedResultToAnother() {
        String sameSql = "SELECT region FROM t ORDER BY region";
        StepRequested globexStep = forDataset(step(sameSql, 100), "globex", otherTenantsDatasetId);
        assertThat(run(globexStep))
                .isInstanceOfSatisfying(
                        StepSucceeded.class,
                        succeeded -> assertThat(succeeded.result().rows()).containsExactly(List.of("canary-globex")));
        double hitsBefore = cacheHits();

        StepResult acmes = run(step(sameSql, 100));
        StepResult acmeAskingForGlobexsDataset = run(forDataset(step(sameSql, 100), TENANT, otherTenantsDatasetId));

        assertThat(acmes)
                .isInstanceOfSatisfying(
                        StepSucceeded.class,
                        succeeded -> assertThat(succeeded.result().rows())
                                .containsExactly(List.of("north"), List.of("north"), List.of("south")));
        assertThat(acmeAskingForGlobexsDataset)
                .isInstanceOfSatisfying(
                        StepFailed.class, failed -> assertThat(failed.error()).isEqualTo(StepError.DATASET_NOT_FOUND));
        assertThat(cacheHits()).isEqualTo(hitsBefore);
    }

    @Test
    void aNewDatasetVersionMakesCachedResultsUnreachable() throws SQLException {
        UUID versioned = UUID.randomUUID();
        sql("DROP TABLE IF EXISTS warehouse_acme.v; CREATE TABLE warehouse_acme.v AS SELECT 1 AS id");
        publishDataset(versioned, TENANT, new WarehouseSchema("warehouse_acme"));
        StepRequested count = forDataset(step("SELECT count(*) AS n FROM v", 100), TENANT, versioned);
        assertThat(run(count))
                .isInstanceOfSatisfying(
                        StepSucceeded.class,
                        succeeded -> assertThat(succeeded.result().rows()).containsExactly(List.of(1)));

        sql("INSERT INTO warehouse_acme.v VALUES (2)");
        publishDataset(versioned, TENANT, new WarehouseSchema("warehouse_acme"), 2);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Objects.requireNonNull(catalog.find(versioned, TENANT, Duration.ZERO)
                                        .block())
                                .version()
                        == 2);

        assertThat(run(forDataset(step("SELECT count(*) AS n FROM v", 100), TENANT, versioned)))
                .isInstanceOfSatisfying(
                        StepSucceeded.class,
                        succeeded -> assertThat(succeeded.result().rows()).containsExactly(List.of(2)));
    }

    @Test
    void aTenantFloodingTheServiceDoesNotHoldUpAnotherTenantsQuery() {
        int flood = 40;
        var floodSteps = new ArrayList<StepRequested>();
        for (int i = 0; i < flood; i++) {
            // Each a little different, so none is served from the cache; each counts for a good fraction of a
            // second (or times out on a loaded machine), so the flood lasts seconds, four at a time.
            floodSteps.add(step("SELECT count(*) FROM generate_series(1, (SELECT 3000000 + " + i + "))", 10));
        }
        floodSteps.forEach(this::publish);

        StepResult quiet = run(forDataset(step("SELECT count(*) FROM t", 10), "globex", otherTenantsDatasetId));
        long floodDoneWhenQuietAnswered =
                floodSteps.stream().filter(step -> !resultsFor(step).isEmpty()).count();

        assertThat(quiet).isInstanceOf(StepSucceeded.class);
        // The flood runs four at a time in its own lane; the other tenant did not queue behind it.
        assertThat(floodDoneWhenQuietAnswered).isLessThan(flood / 2);
        // Nor is the flood dropped: each of its steps is answered in turn (on a loaded machine some of them
        // by the statement timeout, which is the flood's own problem).
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            pollResults();
            return floodSteps.stream().allMatch(step -> !resultsFor(step).isEmpty());
        });
    }

    @Test
    void computesARequestedAnalysisAndDrawsItsChart() {
        StepRequested rows = step("SELECT amount, region FROM t", 100);
        var request = new AnalysisRequested(
                rows.eventId(),
                rows.occurredAt(),
                rows.runId(),
                rows.stepId(),
                TENANT,
                datasetId,
                1,
                rows.sql(),
                1000,
                new Anova("amount", "region"));

        StepResult result = run(request);

        assertThat(result).isInstanceOfSatisfying(AnalysisSucceeded.class, succeeded -> {
            assertThat(succeeded.analysis().statistics()).containsEntry("n", 3.0);
            assertThat(succeeded.analysis().table().rows()).hasSize(2);
            assertThat(succeeded.figure()).isNotNull();
        });
    }

    @Test
    void drawsARequestedChartOverTheWholeResult() {
        StepRequested rows = step("SELECT region, sum(amount) AS total FROM t GROUP BY region", 100);
        var chart = new ChartSpec("bar", "Total by region", "region", List.of("total"), "Region", "Total");
        var request = new ChartRequested(
                rows.eventId(), rows.occurredAt(), rows.runId(), rows.stepId(), TENANT, datasetId, rows.sql(), chart);

        StepResult result = run(request);

        assertThat(result).isInstanceOfSatisfying(ChartHydrated.class, hydrated -> {
            assertThat(hydrated.figure().spec()).isEqualTo(chart);
            assertThat(hydrated.figure().data())
                    .singleElement()
                    .satisfies(trace -> assertThat(trace).containsEntry("type", "bar"));
        });
    }

    @Test
    void republishesTheSameEventIdForARedeliveredStep() {
        StepRequested step = step("SELECT min(id) FROM t", 100);

        publish(step);
        publish(step);

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            pollResults();
            return resultsFor(step).size() == 2;
        });
        assertThat(resultsFor(step))
                .extracting(StepResult::eventId)
                .containsOnly(resultsFor(step).getFirst().eventId());
    }

    @Test
    void parksAnUnreadableStepOnTheDeadLetterTopic() {
        String poison = "{\"type\":\"StepRequested\", not json " + UUID.randomUUID();

        producer.send(new ProducerRecord<>(Topic.STEPS.topicName(), "poison", poison));

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            pollResults();
            return deadLetters.stream().anyMatch(record -> poison.equals(record.value()));
        });
        ConsumerRecord<String, String> parked = deadLetters.stream()
                .filter(record -> poison.equals(record.value()))
                .findFirst()
                .orElseThrow();
        assertThat(new String(
                        parked.headers()
                                .lastHeader("kafka_dlt-exception-message")
                                .value(),
                        StandardCharsets.UTF_8))
                .contains("Not a step request");
        assertThat(run(step("SELECT count(*) FROM t", 100))).isInstanceOf(StepSucceeded.class);
    }

    private static StepRequested forDataset(StepRequested step, String tenant, UUID dataset) {
        return new StepRequested(
                step.eventId(),
                step.occurredAt(),
                step.runId(),
                step.stepId(),
                tenant,
                dataset,
                step.attempt(),
                step.sql(),
                step.rowLimit());
    }

    private StepRequested step(String sql, int rowLimit) {
        return new StepRequested(
                UUID.randomUUID(),
                Instant.now(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                TENANT,
                datasetId,
                1,
                sql,
                rowLimit);
    }

    private StepResult run(StepRequest step) {
        publish(step);
        return await().pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(10))
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            pollResults();
                            List<StepResult> found = resultsFor(step);
                            return found.isEmpty() ? null : found.getFirst();
                        },
                        Objects::nonNull);
    }

    private void publish(StepRequest step) {
        String json = mapper.writerFor(StepRequest.class).writeValueAsString(step);
        producer.send(new ProducerRecord<>(Topic.STEPS.topicName(), step.key(), json));
        producer.flush();
    }

    private void publishDataset(UUID id, String tenant, DatasetLocation location) {
        publishDataset(id, tenant, location, 1);
    }

    private void publishDataset(UUID id, String tenant, DatasetLocation location, long version) {
        DatasetEvent ready =
                new DatasetReady(UUID.randomUUID(), Instant.now(), id, tenant, "sales", version, location, List.of());
        producer.send(new ProducerRecord<>(
                Topic.DATASETS.topicName(),
                ready.key(),
                mapper.writerFor(DatasetEvent.class).writeValueAsString(ready)));
        producer.flush();
    }

    private synchronized void pollResults() {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(20))) {
            if (record.topic().equals(Topic.STEP_RESULTS.topicName())) {
                results.add(mapper.readValue(record.value(), StepResult.class));
            } else {
                deadLetters.add(record);
            }
        }
    }

    private List<StepResult> resultsFor(StepRequest step) {
        return results.stream()
                .filter(result -> result.stepId().equals(step.stepId()))
                .toList();
    }

    private double cacheHits() {
        return meters.get("analyst.execution.cache")
                .tag("result", "hit")
                .counter()
                .count();
    }

    private static void sql(String statements) throws SQLException {
        try (var connection = DriverManager.getConnection(jdbcUrl(), infra.dbUser(), infra.dbPassword());
                var statement = connection.createStatement()) {
            statement.execute(statements);
        }
    }

    private static long countRows(String table) throws SQLException {
        try (var connection = DriverManager.getConnection(jdbcUrl(), infra.dbUser(), infra.dbPassword());
                var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String jdbcUrl() {
        return infra.jdbcUrl(infra.environment().get("ANALYST_DB_NAME"));
    }
}
