package dev.analyst.launcher;

import dev.analyst.contracts.Topic;
import dev.analyst.contracts.usage.ModelCalled;
import dev.analyst.contracts.usage.Usage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code deploy/analyst bench-ledger [--events 200000] [--warmup 20000] [--spread-days 0] [--rows 10000000]
 * [--users 1000] [--tenants 50]}: starts a suite on free ports without sample data and measures the usage ledger of
 * analytics-service.
 *
 * <ol>
 *   <li>Ingest: after {@code --warmup} events recorded unmeasured, publishes {@code --events} pre-built {@code ModelCalled} events onto {@code
 *       analyst.usage.v1} as fast as one batching producer allows and times first send to the last
 *       ledger row committed (polling {@code count(*)} over JDBC). The producer shares the machine's
 *       cores with the service while it sends, so the rate at which the ledger then drains the backlog
 *       left in the topic is reported too: that is the ledger's own ingest rate. The calls happened in
 *       the last minute, as live usage does (each batch then touches the rollup rows of today); {@code
 *       --spread-days N} spreads them over N days instead, as a back-fill would. Then it publishes all of
 *       them again and times until the service's consumer group has caught up, checking the replay added
 *       no row.
 *   <li>Dashboard queries: bulk-loads {@code --rows} synthetic rows straight into {@code
 *       analytics.model_call} with SQL (faster than through Kafka), rebuilds every rollup from the ledger
 *       with the procedure the V3 migration back-fills with, then times every dashboard endpoint over
 *       HTTP for the last 30 days (for the paged daily usage, its first page and the page the tenth
 *       {@code Link: rel="next"} leads to), and, as a baseline, the same totals per model from the raw
 *       ledger against the rollup over JDBC.
 * </ol>
 */
public final class LedgerBenchmark {

    private static final String[][] MODELS = {
        {"openai", "gpt-4o"},
        {"openai", "gpt-4o-mini"},
        {"openai", "gpt-4.1"},
        {"openai", "gpt-4.1-mini"},
        {"openai", "gpt-4.1-nano"},
        {"anthropic", "claude-sonnet-4-5"},
        {"anthropic", "claude-haiku-4-5"},
    };
    private static final String[] STAGES = {"plan", "sql", "answer"};
    private static final String GROUP = "analytics-service";
    private static final int DAYS = 90;

    private final Suite suite;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> figures = new ArrayList<>();

    private LedgerBenchmark(Suite suite) {
        this.suite = suite;
    }

    public static void main(String[] args) throws Exception {
        int events = LatencyBenchmark.intArgument(args, "--events", 200_000);
        int spreadDays = LatencyBenchmark.intArgument(args, "--spread-days", 0);
        int warmup = LatencyBenchmark.intArgument(args, "--warmup", 20_000);
        int rows = LatencyBenchmark.intArgument(args, "--rows", 10_000_000);
        int users = LatencyBenchmark.intArgument(args, "--users", 1000);
        int tenants = LatencyBenchmark.intArgument(args, "--tenants", 50);
        var repository = Path.of(System.getProperty("analyst.home", "."))
                .toAbsolutePath()
                .normalize();
        System.out.println("Starting a suite for the ledger benchmark, no sample data (logs in .run/bench-ledger)...");
        try (var suite = Suite.start(
                SuiteOptions.onFreePorts(repository, repository.resolve(".run/bench-ledger"), Optional.empty()))) {
            var benchmark = new LedgerBenchmark(suite);
            if (events > 0) {
                benchmark.ingest(warmup, events, spreadDays, users, tenants);
            }
            if (rows > 0) {
                benchmark.queries(rows, users, tenants);
            }
            System.out.println();
            System.out.println("== Figures vs targets");
            benchmark.figures.forEach(System.out::println);
        }
    }

    private Connection connect() throws SQLException {
        var infrastructure = suite.infrastructure();
        var database = infrastructure.environment().getOrDefault("ANALYST_DB_NAME", "analyst");
        var connection = DriverManager.getConnection(
                infrastructure.jdbcUrl(database), infrastructure.dbUser(), infrastructure.dbPassword());
        try (var statement = connection.createStatement()) {
            statement.execute("SET TIME ZONE 'UTC'");
            statement.execute("SET search_path TO analytics");
        }
        return connection;
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (var statement = connection.createStatement();
                var result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // 1. Ingest through Kafka

    private void ingest(int warmup, int events, int spreadDays, int users, int tenants) throws Exception {
        System.out.printf(
                "%n== Ingest: %d ModelCalled events through Kafka, calls made %s%n",
                events, spreadDays > 0 ? "over the last " + spreadDays + " days" : "in the last minute");
        long spreadSeconds = spreadDays > 0 ? spreadDays * 86_400L : 60;
        System.out.println("Pre-building the events...");
        var json = JsonMapper.builder().build();
        var writer = json.writerFor(Usage.class);
        var random = new SplittableRandom(42);
        var now = Instant.now();
        // The warm-up events first, then the measured ones; all distinct.
        var keys = new String[warmup + events];
        var values = new String[warmup + events];
        UUID run = UUID.randomUUID();
        for (int i = 0; i < warmup + events; i++) {
            if (i % 5 == 0) {
                run = UUID.randomUUID();
            }
            int user = random.nextInt(users);
            var model = MODELS[(user + random.nextInt(3)) % MODELS.length];
            long input = 200 + random.nextInt(4000);
            long latency = 150 + random.nextInt(5000);
            var call = new ModelCalled(
                    UUID.randomUUID(),
                    now.minusSeconds(random.nextLong(spreadSeconds)),
                    run,
                    "tenant-" + (user % tenants),
                    "user-" + user,
                    model[0],
                    model[1],
                    STAGES[i % STAGES.length],
                    input,
                    20 + random.nextInt(800),
                    random.nextInt(4) == 0 ? input / 2 : 0,
                    latency,
                    latency / 3,
                    random.nextInt(50) != 0);
            keys[i] = run.toString();
            values[i] = writer.writeValueAsString(call);
        }
        var bootstrap = suite.infrastructure().kafkaBootstrapServers();
        try (var connection = connect();
                var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                var producer = new KafkaProducer<String, String>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                        StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                        StringSerializer.class,
                        ProducerConfig.LINGER_MS_CONFIG,
                        10,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        256 * 1024,
                        ProducerConfig.BUFFER_MEMORY_CONFIG,
                        128L * 1024 * 1024))) {
            if (warmup > 0) {
                System.out.printf("Warming up with %d other events (JIT, connection pools, topic)...%n", warmup);
                long warmed = count(connection, "SELECT count(*) FROM model_call") + warmup;
                send(producer, keys, values, 0, warmup);
                awaitCount(connection, warmed);
            }
            long before = count(connection, "SELECT count(*) FROM model_call");
            var cpuBefore = CpuTime.sample(suite);
            long started = System.nanoTime();
            send(producer, keys, values, warmup, warmup + events);
            long sent = System.nanoTime();
            long atSent = count(connection, "SELECT count(*) FROM model_call");
            long expected = before + events;
            long seen = awaitCount(connection, expected);
            long done = System.nanoTime();
            var cpu = CpuTime.sample(suite).minus(cpuBefore);
            double seconds = (done - started) / 1e9;
            double rate = (seen - before) / seconds;
            System.out.printf(
                    "  published in %.2f s (%.0f events/s into Kafka)%n",
                    (sent - started) / 1e9, events / ((sent - started) / 1e9));
            System.out.printf(
                    "  ledger rows: %d of %d after %.2f s: %.0f events/s first send to last row committed%n",
                    seen - before, events, seconds, rate);
            // Only meaningful when a good part of the events was still waiting in the topic.
            double drainRate = (seen - atSent) / ((done - sent) / 1e9);
            System.out.printf(
                    "  draining the %d events still in the topic once the producer had finished: %.0f events/s%n",
                    expected - atSent, drainRate);
            cpu.print("event", events);
            figures.add(String.format(
                    "Ingest from Kafka          %,10.0f events/s   target >= 20,000/s   %s%s (producer on the same cores)",
                    rate, rate >= 20_000 ? "MET" : "MISSED", seen < expected ? " (incomplete: stalled)" : ""));
            figures.add(String.format(
                    "Ingest, draining a backlog %,10.0f events/s   target >= 20,000/s   %s (%,d events left in the topic)",
                    drainRate, drainRate >= 20_000 ? "MET" : "MISSED", expected - atSent));

            System.out.printf("Replaying all %d events (same event ids)...%n", events);
            started = System.nanoTime();
            send(producer, keys, values, warmup, warmup + events);
            awaitCaughtUp(admin);
            done = System.nanoTime();
            long after = count(connection, "SELECT count(*) FROM model_call");
            double replayRate = events / ((done - started) / 1e9);
            System.out.printf(
                    "  replay consumed in %.2f s (%.0f events/s); ledger rows %d before, %d after: %s%n",
                    (done - started) / 1e9, replayRate, seen, after, after == seen ? "unchanged" : "CHANGED");
            figures.add(String.format(
                    "Ingest replay (duplicates) %,10.0f events/s   rows %s (%d -> %d)",
                    replayRate, after == seen ? "unchanged" : "CHANGED", seen, after));
        }
    }

    private static void send(KafkaProducer<String, String> producer, String[] keys, String[] values, int from, int to) {
        var topic = Topic.USAGE.topicName();
        for (int i = from; i < to; i++) {
            producer.send(new ProducerRecord<>(topic, keys[i], values[i]));
        }
        producer.flush();
    }

    /** Polls the ledger's row count until it reaches {@code expected} or stops growing for a minute. */
    private static long awaitCount(Connection connection, long expected) throws Exception {
        long last = -1;
        long lastChange = System.nanoTime();
        long lastPrint = System.nanoTime();
        while (true) {
            long now = count(connection, "SELECT count(*) FROM model_call");
            if (now >= expected) {
                return now;
            }
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > Duration.ofSeconds(60).toNanos()) {
                System.out.printf("  no new row for 60 s; giving up at %d of %d%n", now, expected);
                return now;
            }
            if (System.nanoTime() - lastPrint > Duration.ofSeconds(10).toNanos()) {
                System.out.printf("  ... %d rows%n", now);
                lastPrint = System.nanoTime();
            }
            // Each count scans the ledger so far: polled every 50 ms it took a fifth of a core from the
            // service being measured. 200 ms costs at most that much on a run of tens of seconds.
            Thread.sleep(200);
        }
    }

    /** Waits until the service's consumer group has committed the end offset of every usage partition. */
    private static void awaitCaughtUp(Admin admin) throws Exception {
        var topic = Topic.USAGE.topicName();
        var request = new HashMap<TopicPartition, OffsetSpec>();
        for (int partition = 0; partition < Topic.PARTITIONS; partition++) {
            request.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
        var ends = admin.listOffsets(request).all().get();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            var committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata()
                    .get();
            boolean caughtUp = true;
            for (var end : ends.entrySet()) {
                var offset = committed.get(end.getKey());
                if (offset == null || offset.offset() < end.getValue().offset()) {
                    caughtUp = false;
                    break;
                }
            }
            if (caughtUp) {
                return;
            }
            Thread.sleep(50);
        }
        System.out.println("  the consumer group did not catch up within 10 minutes");
    }

    // ---------------------------------------------------------------------------------------------
    // 2. Dashboard queries over a bulk-loaded ledger

    private void queries(int rows, int users, int tenants) throws Exception {
        System.out.printf(
                "%n== Dashboard queries over %,d synthetic ledger rows%n"
                        + "Loading them straight into analytics.model_call with SQL (INSERT ... SELECT FROM generate_series),"
                        + "%nnot through Kafka, which would take minutes more.%n",
                rows);
        try (var connection = connect()) {
            long existing = count(connection, "SELECT count(*) FROM model_call");
            long started = System.nanoTime();
            int chunk = 500_000;
            for (long from = 0; from < rows; from += chunk) {
                long to = Math.min(rows, from + chunk);
                try (var statement = connection.prepareStatement(bulkInsert(users, tenants))) {
                    statement.setLong(1, from);
                    statement.setLong(2, to - 1);
                    statement.executeUpdate();
                }
                System.out.printf("  %,d rows loaded (%.0f s)%n", to, (System.nanoTime() - started) / 1e9);
            }
            long loaded = System.nanoTime();
            System.out.println("Rebuilding the rollups from the whole ledger (analytics.rebuild_rollups())...");
            try (var statement = connection.createStatement()) {
                // The procedure the V3 migration back-fills with, so the rollups are exactly what the
                // service's incremental writes would have produced.
                statement.execute("CALL rebuild_rollups()");
                long rolled = System.nanoTime();
                // What autovacuum would have done by the time anyone looks at a dashboard.
                statement.execute("VACUUM ANALYZE model_call");
                statement.execute("VACUUM ANALYZE daily_usage");
                statement.execute("VACUUM ANALYZE user_first_call");
                statement.execute("VACUUM ANALYZE model_latency_histogram");
                long vacuumed = System.nanoTime();
                System.out.printf(
                        "  load %.0f s (%.0f rows/s), rollups %.0f s, vacuum analyze %.0f s%n",
                        (loaded - started) / 1e9,
                        rows / ((loaded - started) / 1e9),
                        (rolled - loaded) / 1e9,
                        (vacuumed - rolled) / 1e9);
            }
            long ledgerRows = count(connection, "SELECT count(*) FROM model_call");
            long rollupRows = count(connection, "SELECT count(*) FROM daily_usage");
            var today = LocalDate.now(ZoneOffset.UTC);
            var from = today.minusDays(29);
            long rollupRows30 = count(
                    connection,
                    "SELECT count(*) FROM daily_usage WHERE day BETWEEN '" + from + "' AND '" + today + "'");
            long ledgerRows30 = count(
                    connection,
                    "SELECT count(*) FROM model_call WHERE occurred_at >= '" + from + "' AND occurred_at < '"
                            + today.plusDays(1) + "'");
            System.out.printf(
                    "  ledger: %,d rows (%,d before the load) over %d days, %d users in %d tenants, %d models;%n"
                            + "  rollup: %,d rows; the last 30 days: %,d ledger rows, %,d rollup rows%n",
                    ledgerRows, existing, DAYS, users, tenants, MODELS.length, rollupRows, ledgerRows30, rollupRows30);

            figures.add(String.format(
                    "Dashboard endpoints over %,d ledger rows (%,d rollup rows), last 30 days, HTTP, 1 client:",
                    ledgerRows, rollupRows));
            var range = "from=" + from + "&to=" + today;
            var endpoints = new String[][] {
                {"cost by day", "/api/analytics/cost?groupBy=day&" + range},
                {"cost by model", "/api/analytics/cost?groupBy=model&" + range},
                {"cost by user", "/api/analytics/cost?groupBy=user&" + range},
                {"cost by tenant", "/api/analytics/cost?groupBy=tenant&" + range},
                {"cost projection", "/api/analytics/cost/projection"},
                {"models (histograms)", "/api/analytics/models?" + range},
                {"users activity", "/api/analytics/users/activity?" + range},
                {"usage daily, 1st page", "/api/analytics/usage/daily?" + range},
                {"usage daily, 10th page", null},
                {"usage summary", "/api/analytics/usage/summary?" + range},
            };
            System.out.println("Timing the endpoints (warm-up, then up to 50 calls each)...");
            for (var endpoint : endpoints) {
                var path = endpoint[1] != null ? endpoint[1] : nthPage("/api/analytics/usage/daily?" + range, 10);
                var measured = timeEndpoint(path);
                var line = String.format(
                        "  %-22s p50 %8.1f ms  p95 %8.1f ms  max %8.1f ms  (%d calls, %,d bytes)  target < 100 ms: %s",
                        endpoint[0],
                        measured.millis(0.5),
                        measured.millis(0.95),
                        measured.millis(1.0),
                        measured.nanos().size(),
                        measured.bytes(),
                        measured.failures() > 0
                                ? "FAILED " + measured.failures()
                                : measured.millis(0.95) < 100 ? "MET" : "MISSED");
                System.out.println(line);
                figures.add(line);
            }

            System.out.println("Baseline: totals per model over the last 30 days, over JDBC, raw ledger vs rollup...");
            var raw = timeSql(connection, """
                    SELECT provider, model, count(*), sum(input_tokens), sum(output_tokens), sum(cached_input_tokens),
                           sum(cost_micros), count(*) FILTER (WHERE NOT priced)
                    FROM model_call WHERE occurred_at >= ?::date AND occurred_at < ?::date + 1
                    GROUP BY 1, 2""", from, today, 5);
            var rollup = timeSql(connection, """
                    SELECT provider, model, sum(calls), sum(input_tokens), sum(output_tokens), sum(cached_input_tokens),
                           sum(cost_micros), sum(unpriced_calls)
                    FROM daily_usage WHERE day BETWEEN ?::date AND ?::date
                    GROUP BY 1, 2""", from, today, 50);
            var baseline = String.format(
                    "  GROUP BY model, 30 days: raw ledger p50 %.1f ms (%d runs) vs rollup p50 %.1f ms (%d runs): %.0fx",
                    raw.millis(0.5),
                    raw.nanos().size(),
                    rollup.millis(0.5),
                    rollup.nanos().size(),
                    raw.millis(0.5) / Math.max(rollup.millis(0.5), 1e-3));
            System.out.println(baseline);
            figures.add(baseline);
        }
    }

    /**
     * Rows {@code ?1..?2} of the synthetic ledger: row i falls on day {@code i % 90} before today at a
     * spread time of day; its user is a hash of i, its tenant the user modulo the tenant count, and each
     * user sticks to three of the seven priced models, as real users do.
     */
    private static String bulkInsert(int users, int tenants) {
        var providers = new StringBuilder("ARRAY[");
        var models = new StringBuilder("ARRAY[");
        for (int i = 0; i < MODELS.length; i++) {
            providers
                    .append(i == 0 ? "" : ",")
                    .append('\'')
                    .append(MODELS[i][0])
                    .append('\'');
            models.append(i == 0 ? "" : ",").append('\'').append(MODELS[i][1]).append('\'');
        }
        providers.append(']');
        models.append(']');
        return """
                INSERT INTO model_call (event_id, occurred_at, run_id, tenant_id, user_id, provider, model, stage,
                                        input_tokens, output_tokens, cached_input_tokens, latency_millis,
                                        time_to_first_token_millis, succeeded, priced, cost_micros, price_version)
                SELECT gen_random_uuid(),
                       (current_date - (i %% %d)::int)::timestamp AT TIME ZONE 'UTC'
                           + ((i * 37) %% 86400) * interval '1 second',
                       gen_random_uuid(),
                       'tenant-' || (u %% %d), 'user-' || u,
                       (%s)[1 + m], (%s)[1 + m], (ARRAY['plan','sql','answer'])[1 + (i %% 3)::int],
                       input, output, CASE WHEN i %% 4 = 0 THEN input / 2 ELSE 0 END, latency, latency / 3,
                       i %% 50 <> 0, true, input * 3 + output * 12, 'bench'
                FROM (SELECT i, u, ((u + i %% 3) %% %d)::int AS m,
                             200 + (i * 7919) %% 4000 AS input, 20 + (i * 104729) %% 800 AS output,
                             150 + (i * 15485863) %% 5000 AS latency
                      FROM (SELECT i, (hashint8(i) & 2147483647) %% %d AS u
                            FROM generate_series(?::bigint, ?::bigint) AS i) AS g) AS r
                """.formatted(DAYS, tenants, providers, models, MODELS.length, users);
    }

    /** The path and query of page {@code n} of a paged endpoint, following its {@code Link: rel="next"} headers. */
    private String nthPage(String firstPage, int n) throws Exception {
        var path = firstPage;
        for (int page = 1; page < n; page++) {
            var response = http.send(
                    HttpRequest.newBuilder(URI.create(suite.url(Service.ANALYTICS) + path))
                            .header("X-Admin-Key", suite.credentials().adminKey())
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            var link = response.headers().firstValue("Link").orElse(null);
            if (link == null || !link.contains("rel=\"next\"")) {
                return path;
            }
            path = link.substring(link.indexOf("/api/"), link.indexOf('>'));
        }
        return path;
    }

    record Measured(List<Long> nanos, int failures, long bytes) {
        double millis(double quantile) {
            return Latencies.millis(Latencies.sorted(nanos), quantile);
        }
    }

    /** Three warm-up calls, then 50 timed ones, or 10 when a call takes over half a second. */
    private Measured timeEndpoint(String pathAndQuery) throws Exception {
        var uri = URI.create(suite.url(Service.ANALYTICS) + pathAndQuery);
        var request = HttpRequest.newBuilder(uri)
                .header("X-Admin-Key", suite.credentials().adminKey())
                .timeout(Duration.ofMinutes(2))
                .GET()
                .build();
        long slowest = 0;
        for (int i = 0; i < 3; i++) {
            long begin = System.nanoTime();
            http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            slowest = Math.max(slowest, System.nanoTime() - begin);
        }
        int calls = slowest > 500_000_000L ? 10 : 50;
        var nanos = new ArrayList<Long>(calls);
        int failures = 0;
        long bytes = 0;
        for (int i = 0; i < calls; i++) {
            long begin = System.nanoTime();
            var response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long elapsed = System.nanoTime() - begin;
            if (response.statusCode() != 200) {
                failures++;
                if (failures == 1) {
                    System.out.printf(
                            "  %s: HTTP %d %s%n",
                            pathAndQuery,
                            response.statusCode(),
                            new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
                }
                continue;
            }
            bytes = response.body().length;
            nanos.add(elapsed);
        }
        return new Measured(nanos, failures, bytes);
    }

    private static Measured timeSql(Connection connection, String sql, LocalDate from, LocalDate to, int runs)
            throws SQLException {
        var nanos = new ArrayList<Long>(runs);
        try (var statement = connection.prepareStatement(sql)) {
            statement.setString(1, from.toString());
            statement.setString(2, to.toString());
            for (int i = -1; i < runs; i++) {
                long begin = System.nanoTime();
                try (var result = statement.executeQuery()) {
                    while (result.next()) {
                        result.getObject(1);
                    }
                }
                if (i >= 0) {
                    nanos.add(System.nanoTime() - begin);
                }
            }
        }
        return new Measured(nanos, 0, 0);
    }
}
