package dev.analyst.execution.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.Event;
import dev.analyst.contracts.Topic;
import dev.analyst.contracts.dashboard.ChartPinned;
import dev.analyst.contracts.dashboard.ChartTile;
import dev.analyst.contracts.dashboard.Dashboard;
import dev.analyst.contracts.dashboard.DashboardEvent;
import dev.analyst.contracts.dashboard.DashboardPublished;
import dev.analyst.contracts.dashboard.DashboardRequested;
import dev.analyst.contracts.dashboard.KpiTile;
import dev.analyst.contracts.dashboard.TableTile;
import dev.analyst.contracts.dataset.ColumnProfile;
import dev.analyst.contracts.dataset.ColumnSchema;
import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.contracts.dataset.NumericProfile;
import dev.analyst.contracts.dataset.SecretBox;
import dev.analyst.contracts.dataset.TableProfile;
import dev.analyst.contracts.dataset.TableSchema;
import dev.analyst.contracts.dataset.TextProfile;
import dev.analyst.contracts.dataset.ValueCount;
import dev.analyst.contracts.dataset.ValueRange;
import dev.analyst.contracts.dataset.WarehouseReader;
import dev.analyst.contracts.dataset.WarehouseSchema;
import dev.analyst.infra.Infrastructure;
import java.math.BigDecimal;
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
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** A dataset's dashboard through Kafka and the warehouse, both real: drawn, pinned to, redrawn. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "analyst.execution.dataset-wait=1s")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {

    private static final Infrastructure infra = Infrastructure.shared();

    private static final String TENANT = "dashboards";

    private static final String SCHEMA = WarehouseReader.of(TENANT).schema();

    private final UUID datasetId = UUID.randomUUID();

    private final List<DashboardPublished> published = new CopyOnWriteArrayList<>();

    private volatile boolean dashboardDeleted;

    @Autowired
    private JsonMapper mapper;

    @Autowired
    private SecretBox secrets;

    private KafkaProducer<String, String> producer;

    private KafkaConsumer<String, String> consumer;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        infra.environment().forEach((name, value) -> registry.add(name, () -> value));
    }

    @BeforeAll
    void createTableAndClients() throws SQLException {
        sql("""
                CREATE SCHEMA IF NOT EXISTS warehouse_dashboards;
                DROP TABLE IF EXISTS warehouse_dashboards.orders;
                CREATE TABLE warehouse_dashboards.orders (region text, amount numeric(10, 2), sold_on date);
                INSERT INTO warehouse_dashboards.orders VALUES
                    ('north', 10.50, '2024-01-31'), ('south', 4.25, '2024-02-29'), ('north', 1.00, NULL),
                    ('east', 7.75, '2024-03-15'), ('south', 2.50, '2024-03-20');
                """);
        // Queries run as the tenant's read-only login, which ingestion would have created with the schema.
        sql(String.join(";\n", WarehouseReader.of(TENANT).provisioningStatements(secrets)));
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        var partitions = new ArrayList<TopicPartition>();
        consumer.partitionsFor(Topic.DASHBOARDS.topicName())
                .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    @AfterAll
    void closeClients() {
        producer.close();
        consumer.close();
    }

    @Test
    void drawsADatasetsDashboardKeepsWhatIsPinnedRedrawsItForANewVersionAndDeletesItWithTheDataset()
            throws SQLException {
        publish(ready(1, 5));

        Dashboard first = awaitDashboard(dashboard -> dashboard.datasetVersion() == 1);
        assertThat(first.tenantId()).isEqualTo(TENANT);
        assertThat(kpis(first)).hasSizeBetween(3, 4);
        assertThat(kpis(first)).allSatisfy(kpi -> {
            assertThat(kpi.problem()).isNull();
            assertSameValue(kpi.value(), directly(kpi.sql()));
        });
        assertThat(kpis(first)).extracting(KpiTile::title).startsWith("Rows", "Total Amount (EUR)");
        assertThat(kpis(first).getFirst().value()).isEqualTo(5);
        assertThat(charts(first)).hasSizeBetween(3, 6).noneMatch(ChartTile::pinned);
        assertThat(charts(first)).extracting(tile -> tile.chart().xLabel()).contains("Region", "Sold on");
        TableTile sample = table(first);
        assertThat(sample.problem()).isNull();
        assertThat(sample.table().rows()).hasSize(5);
        assertThat(sample.table().columns())
                .extracting(column -> column.name())
                .containsExactly("Region", "Amount (EUR)", "Sold on");

        // Another tenant's pin is ignored; the tenant's own pin is added, once however often it comes.
        var chart = new ChartSpec("bar", "Amount by region", "region", List.of("total"), "Region", "Amount");
        var pin = new ChartPinned(
                UUID.randomUUID(),
                Instant.now(),
                datasetId,
                TENANT,
                UUID.randomUUID(),
                "Amount by region",
                "SELECT region, sum(amount) AS total FROM orders GROUP BY region",
                chart);
        publish(new ChartPinned(
                UUID.randomUUID(), Instant.now(), datasetId, "globex", UUID.randomUUID(), "Foreign", pin.sql(), chart));
        publish(pin);
        Dashboard pinned =
                awaitDashboard(dashboard -> charts(dashboard).stream().anyMatch(ChartTile::pinned));
        assertThat(pinned.datasetVersion()).isEqualTo(1);
        assertThat(pinnedTiles(pinned)).singleElement().satisfies(tile -> {
            assertThat(tile.title()).isEqualTo("Amount by region");
            assertThat(tile.sql()).isEqualTo(pin.sql());
            assertThat(tile.chart()).isEqualTo(chart);
        });
        assertThat(kpis(pinned)).isEqualTo(kpis(first));

        publish(pin);
        publish(new ChartPinned(
                UUID.randomUUID(), Instant.now(), datasetId, TENANT, pin.runId(), pin.title(), pin.sql(), chart));
        publish(new DashboardRequested(UUID.randomUUID(), Instant.now(), datasetId, TENANT));
        int before = published.size();
        Dashboard regenerated = awaitDashboard(dashboard -> published.size() > before);
        assertThat(pinnedTiles(regenerated)).hasSize(1);

        // A new version: the same dashboard redrawn over the new rows, the pin kept; a replay changes nothing.
        sql("INSERT INTO warehouse_dashboards.orders VALUES ('west', 20.00, '2024-04-01')");
        publish(ready(2, 6));
        Dashboard second = awaitDashboard(dashboard -> dashboard.datasetVersion() == 2);
        assertThat(kpis(second).getFirst().value()).isEqualTo(6);
        assertThat(kpis(second)).allSatisfy(kpi -> assertSameValue(kpi.value(), directly(kpi.sql())));
        assertThat(pinnedTiles(second))
                .singleElement()
                .satisfies(tile -> assertThat(tile.sql()).isEqualTo(pin.sql()));
        assertThat(table(second).table().rows()).hasSize(6);

        publish(ready(2, 6));
        publish(new DashboardRequested(UUID.randomUUID(), Instant.now(), datasetId, "globex"));
        publish(new DashboardRequested(UUID.randomUUID(), Instant.now(), datasetId, TENANT));
        int afterSecond = published.size();
        Dashboard last = awaitDashboard(dashboard -> published.size() > afterSecond);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> {
            poll();
            return published.size() == afterSecond + 1;
        });
        assertThat(last.datasetVersion()).isEqualTo(2);
        assertThat(pinnedTiles(last)).hasSize(1);

        // The dataset is deleted (a tombstone on the compacted datasets topic): so is its dashboard.
        producer.send(new ProducerRecord<>(Topic.DATASETS.topicName(), datasetId.toString(), null));
        producer.flush();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            poll();
            return dashboardDeleted;
        });
    }

    private DatasetReady ready(long version, long rows) {
        var region = new ColumnSchema(
                "region",
                "Region",
                "text",
                true,
                List.of("north", "south", "east"),
                new ColumnProfile(
                        0,
                        3,
                        null,
                        new TextProfile(4, 5, List.of(new ValueCount("north", 2), new ValueCount("south", 2))),
                        null,
                        null));
        var amount = new ColumnSchema(
                "amount",
                "Amount (EUR)",
                "numeric",
                true,
                List.of(),
                new ColumnProfile(
                        0,
                        5,
                        new NumericProfile(1, 10.5, 5.2, 3.8, 1, 2.5, 4.25, 7.75, 10.5, List.of(), 0),
                        null,
                        null,
                        null));
        var soldOn = new ColumnSchema(
                "sold_on",
                "Sold on",
                "date",
                true,
                List.of(),
                new ColumnProfile(0.2, 4, null, null, new ValueRange("2024-01-31", "2024-03-20"), null));
        var table = new TableSchema(
                "orders",
                "orders.csv",
                rows,
                List.of(region, amount, soldOn),
                List.of(),
                new TableProfile(List.of(), List.of(), List.of()));
        return new DatasetReady(
                UUID.randomUUID(),
                Instant.now(),
                datasetId,
                TENANT,
                "Orders",
                version,
                new WarehouseSchema(SCHEMA),
                List.of(table));
    }

    private void publish(Event event) {
        Topic topic = Topic.of(event);
        producer.send(new ProducerRecord<>(
                topic.topicName(),
                event.key(),
                mapper.writerFor(topic.payloadType()).writeValueAsString(event)));
        producer.flush();
    }

    private Dashboard awaitDashboard(java.util.function.Predicate<Dashboard> wanted) {
        return await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> {
                            poll();
                            return published.isEmpty()
                                    ? null
                                    : published.getLast().dashboard();
                        },
                        dashboard -> dashboard != null && wanted.test(dashboard));
    }

    private synchronized void poll() {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
            if (record.value() == null && record.key().equals(datasetId.toString())) {
                dashboardDeleted = true;
            } else if (record.value() != null && record.key().equals(datasetId.toString())) {
                published.add((DashboardPublished) mapper.readValue(record.value(), DashboardEvent.class));
            }
        }
    }

    private static void assertSameValue(@Nullable Object published, @Nullable Object direct) {
        assertThat(direct).isNotNull();
        if (direct instanceof Number number) {
            assertThat(new BigDecimal(String.valueOf(published)))
                    .isEqualByComparingTo(new BigDecimal(number.toString()));
        } else {
            assertThat(published).isEqualTo(Objects.toString(direct));
        }
    }

    private static List<KpiTile> kpis(Dashboard dashboard) {
        return dashboard.tiles().stream()
                .filter(KpiTile.class::isInstance)
                .map(KpiTile.class::cast)
                .toList();
    }

    private static List<ChartTile> charts(Dashboard dashboard) {
        return dashboard.tiles().stream()
                .filter(ChartTile.class::isInstance)
                .map(ChartTile.class::cast)
                .toList();
    }

    private static List<ChartTile> pinnedTiles(Dashboard dashboard) {
        return charts(dashboard).stream().filter(ChartTile::pinned).toList();
    }

    private static TableTile table(Dashboard dashboard) {
        return dashboard.tiles().stream()
                .filter(TableTile.class::isInstance)
                .map(TableTile.class::cast)
                .findFirst()
                .orElseThrow();
    }

    /** The KPI's SQL run straight against the warehouse, in the dataset's schema. */
    private static @Nullable Object directly(String kpiSql) throws SQLException {
        try (var connection = DriverManager.getConnection(jdbcUrl(), infra.dbUser(), infra.dbPassword());
                var statement = connection.createStatement()) {
            statement.execute("SET search_path TO " + SCHEMA);
            try (var rows = statement.executeQuery(kpiSql)) {
                rows.next();
                return rows.getObject(1);
            }
        }
    }

    private static void sql(String statements) throws SQLException {
        try (var connection = DriverManager.getConnection(jdbcUrl(), infra.dbUser(), infra.dbPassword());
                var statement = connection.createStatement()) {
            statement.execute(statements);
        }
    }

    private static String jdbcUrl() {
        return infra.jdbcUrl(infra.environment().get("ANALYST_DB_NAME"));
    }
}
