package dev.analyst.launcher;

import dev.analyst.contracts.Topic;
import dev.analyst.contracts.dataset.SecretBox;
import dev.analyst.contracts.dataset.WarehouseReader;
import dev.analyst.contracts.step.StepFailed;
import dev.analyst.contracts.step.StepRequest;
import dev.analyst.contracts.step.StepRequested;
import dev.analyst.contracts.step.StepResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code deploy/analyst bench-exec [--clients 16] [--steps 2000]}: starts a suite on free ports with the
 * sample data and measures execution-service alone, as the agent uses it: closed-loop clients publish
 * {@code StepRequested} events for the housing dataset onto Kafka and wait for each result. Two phases:
 * uncached (every statement differs in a literal, so each one is validated, cost-gated and run in the
 * database) and cached (a few statements repeated, so each one is a Redis hit). As the baseline it runs the
 * very same statements straight over JDBC, as the same tenant login, with the same concurrency, in this
 * process, and prints the overhead ratios side by side.
 */
public final class ExecutionBenchmark {

    /** Statements of the kind the built-in planner writes; {@code %d} makes each uncached one unique. */
    private static final List<String> STATEMENTS = List.of(
            "SELECT count(*) AS n FROM housing WHERE area > %d",
            "SELECT avg(price) AS average_price FROM housing WHERE area > %d",
            "SELECT bedrooms, avg(price) AS average_price FROM housing WHERE area > %d GROUP BY bedrooms"
                    + " ORDER BY bedrooms",
            "SELECT furnishingstatus, count(*) AS n FROM housing WHERE price > %d GROUP BY furnishingstatus"
                    + " ORDER BY n DESC",
            "SELECT max(area) AS largest_area FROM housing WHERE bedrooms < %d + 100");

    private final JsonMapper json = JsonMapper.builder().build();

    private final Map<UUID, CompletableFuture<StepResult>> pending = new ConcurrentHashMap<>();

    private ExecutionBenchmark() {}

    public static void main(String[] args) throws Exception {
        int clients = LatencyBenchmark.intArgument(args, "--clients", 16);
        int steps = LatencyBenchmark.intArgument(args, "--steps", 2000);
        var repository = Path.of(System.getProperty("analyst.home", "."))
                .toAbsolutePath()
                .normalize();
        var samples = repository.resolve("../shared/datasets").normalize();
        if (!Files.isRegularFile(samples.resolve("housing.csv"))) {
            throw new IllegalStateException("The benchmark queries ../shared/datasets/housing.csv; it is missing");
        }
        System.out.println("Starting a suite for the benchmark (logs in .run/bench-exec)...");
        try (var suite = Suite.start(
                SuiteOptions.onFreePorts(repository, repository.resolve(".run/bench-exec"), Optional.of(samples)))) {
            new ExecutionBenchmark().run(suite, clients, steps);
        }
    }

    private void run(Suite suite, int clients, int steps) throws Exception {
        UUID housing = datasetId(suite, "housing");
        var bootstrap = suite.infrastructure().kafkaBootstrapServers();
        var stop = new AtomicBoolean();
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.LINGER_MS_CONFIG,
                0))) {
            var results = Thread.startVirtualThread(() -> consumeResults(bootstrap, stop));
            IntFunction<String> unique =
                    i -> STATEMENTS.get(i % STATEMENTS.size()).formatted(1000 + i);
            IntFunction<String> repeated =
                    i -> STATEMENTS.get(i % STATEMENTS.size()).formatted(1000);

            System.out.printf("Warming up (%d steps)...%n", Math.min(steps, 300));
            // Offsets past the measured ones, so the measured uncached steps are still cache misses.
            viaKafka(producer, housing, clients, Math.min(steps, 300), i -> unique.apply(3 * steps + i));
            for (int concurrency : new int[] {1, clients}) {
                int total = concurrency == 1 ? Math.max(100, steps / 4) : steps;
                int offset = concurrency == 1 ? 2 * steps : 0;
                IntFunction<String> fresh = i -> unique.apply(offset + i);
                System.out.printf("Measuring %d steps of each kind with %d client(s)...%n", total, concurrency);
                var cpuBefore = CpuTime.sample(suite);
                var uncached = viaKafka(producer, housing, concurrency, total, fresh);
                var cpu = CpuTime.sample(suite).minus(cpuBefore);
                var cached = viaKafka(producer, housing, concurrency, total, repeated);
                var direct = viaJdbc(suite, concurrency, total, fresh);

                System.out.printf(
                        "%n== %d client(s), each sending its next step when the last one is answered%n", concurrency);
                report("Uncached steps through Kafka (validate, cost gate, query, publish)", uncached);
                report("Cached steps through Kafka (validate, Redis hit, publish)", cached);
                report("Baseline: the same SQL straight over JDBC as the tenant's login, in process", direct);
                System.out.printf(
                        "Overhead, uncached: p50 %.1fx, throughput %.3fx of JDBC%n",
                        ratio(uncached, direct, 0.5), uncached.perSecond() / direct.perSecond());
                System.out.printf(
                        "Overhead, cached:   p50 %.1fx, throughput %.3fx of JDBC%n",
                        ratio(cached, direct, 0.5), cached.perSecond() / direct.perSecond());
                if (concurrency > 1) {
                    cpu.print("uncached step", uncached.nanos().size());
                }
            }
            stop.set(true);
            results.join();
        }
    }

    record Measured(List<Long> nanos, long wallNanos, int failures) {

        double perSecond() {
            return nanos.size() / (wallNanos / 1e9);
        }

        double millis(double quantile) {
            return Latencies.millis(Latencies.sorted(nanos), quantile);
        }
    }

    private Measured viaKafka(
            KafkaProducer<String, String> producer, UUID dataset, int clients, int total, IntFunction<String> sql)
            throws Exception {
        return closedLoop(clients, total, index -> {
            var step = new StepRequested(
                    UUID.randomUUID(),
                    Instant.now(),
                    UUID.randomUUID(),
                    UUID.randomUUID(),
                    Suite.TENANT,
                    dataset,
                    1,
                    sql.apply(index),
                    1000);
            var result = new CompletableFuture<StepResult>();
            pending.put(step.stepId(), result);
            producer.send(new ProducerRecord<>(
                    Topic.STEPS.topicName(),
                    step.key(),
                    json.writerFor(StepRequest.class).writeValueAsString(step)));
            var outcome = result.get(1, TimeUnit.MINUTES);
            if (outcome instanceof StepFailed failed) {
                throw new IllegalStateException(failed.error() + ": " + failed.message());
            }
        });
    }

    private Measured viaJdbc(Suite suite, int clients, int total, IntFunction<String> sql) throws Exception {
        var infrastructure = suite.infrastructure();
        var reader = WarehouseReader.of(Suite.TENANT);
        var password = reader.password(SecretBox.fromBase64(suite.credentials().secretKey()));
        var connections = new ConcurrentHashMap<Thread, java.sql.Connection>();
        try {
            return closedLoop(clients, total, index -> {
                var connection = connections.computeIfAbsent(Thread.currentThread(), thread -> {
                    try {
                        return DriverManager.getConnection(
                                infrastructure.jdbcUrl(
                                        infrastructure.environment().get("ANALYST_DB_NAME")),
                                reader.role(),
                                password);
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                try (var statement = connection.prepareStatement(sql.apply(index));
                        var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        rows.getObject(1);
                    }
                }
            });
        } finally {
            for (var connection : connections.values()) {
                connection.close();
            }
        }
    }

    interface Step {
        void run(int index) throws Exception;
    }

    /** Each client runs the next step the moment its previous one finished. */
    private static Measured closedLoop(int clients, int total, Step step) throws Exception {
        var latencies = Collections.synchronizedList(new ArrayList<Long>(total));
        var next = new AtomicInteger();
        var failures = new AtomicInteger();
        long started = System.nanoTime();
        try (var pool = Executors.newFixedThreadPool(clients)) {
            for (int client = 0; client < clients; client++) {
                pool.submit(() -> {
                    int index;
                    while ((index = next.getAndIncrement()) < total) {
                        long begin = System.nanoTime();
                        try {
                            step.run(index);
                            latencies.add(System.nanoTime() - begin);
                        } catch (Exception e) {
                            if (failures.incrementAndGet() == 1) {
                                System.out.println("  first failure: " + e.getMessage());
                            }
                        }
                    }
                    return null;
                });
            }
        }
        return new Measured(List.copyOf(latencies), System.nanoTime() - started, failures.get());
    }

    private void consumeResults(String bootstrap, AtomicBoolean stop) {
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                10))) {
            var partitions = consumer.partitionsFor(Topic.STEP_RESULTS.topicName()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            while (!stop.get()) {
                for (var record : consumer.poll(Duration.ofMillis(20))) {
                    var result = json.readValue(record.value(), StepResult.class);
                    var waiting = pending.remove(result.stepId());
                    if (waiting != null) {
                        waiting.complete(result);
                    }
                }
            }
        }
    }

    private static UUID datasetId(Suite suite, String name) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(suite.gateway() + "/api/datasets"))
                .header("Authorization", "Bearer " + suite.credentials().apiKey())
                .build();
        var body = HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofString())
                .body();
        for (var dataset : JsonMapper.builder().build().readTree(body)) {
            if (name.equals(dataset.path("name").asString())) {
                return UUID.fromString(dataset.path("id").asString());
            }
        }
        throw new IllegalStateException("No dataset named " + name + " in " + body);
    }

    private static void report(String title, Measured measured) {
        System.out.println();
        System.out.println(title);
        System.out.printf(
                "  steps: %d   failures: %d   steps/s: %.1f%n",
                measured.nanos().size(), measured.failures(), measured.perSecond());
        System.out.printf(
                "  p50 %.2f ms   p95 %.2f ms   p99 %.2f ms%n",
                measured.millis(0.50), measured.millis(0.95), measured.millis(0.99));
    }

    private static double ratio(Measured measured, Measured baseline, double quantile) {
        return measured.millis(quantile) / Math.max(baseline.millis(quantile), 1e-6);
    }
}
