package dev.analyst.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code deploy/analyst bench [--clients 20] [--questions 2000] [--rate 50]}: starts a suite on free
 * ports with the sample data, has N concurrent clients ask questions about {@code housing} through the
 * public API with the built-in model, and prints end-to-end latency percentiles and answers per second,
 * twice: with the clients paced to offer {@code --rate} questions a second between them (latency at a
 * given load), and with every client asking again the moment it has its answer (the most the machine
 * can answer; latency there is queueing, by Little's law clients / throughput). As a baseline it runs
 * the very SQL the answers ran straight over JDBC, with the same concurrency, in the same process, so
 * the share of time spent outside SQL execution is measured, not guessed. It also prints the CPU time
 * each process spent per answer, which says where an answer's cost goes.
 */
public final class LatencyBenchmark {

    /** Questions about {@code housing} the built-in model answers, in the phrasings people use. */
    static final List<String> QUESTIONS = List.of(
            "How many houses are in the dataset?",
            "What is the average price?",
            "Average price by number of bedrooms",
            "How many houses have air conditioning?",
            "What is the largest area?",
            "Number of houses per furnishing status",
            "Total parking of houses on the main road",
            "Average area of houses with more than 3 bedrooms");

    private LatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int clients = intArgument(args, "--clients", 20);
        int questions = intArgument(args, "--questions", 2000);
        int warmup = intArgument(args, "--warmup", 200);
        int rate = intArgument(args, "--rate", 50);
        var repository = Path.of(System.getProperty("analyst.home", "."))
                .toAbsolutePath()
                .normalize();
        var samples = repository.resolve("../shared/datasets").normalize();
        if (!Files.isRegularFile(samples.resolve("housing.csv"))) {
            throw new IllegalStateException("The benchmark asks about ../shared/datasets/housing.csv; it is missing");
        }
        System.out.println("Starting a suite for the benchmark (logs in .run/bench)...");
        // All clients share one API key and offer more than one user's rate limit on purpose: it measures
        // the pipeline, not the limiter.
        try (var suite =
                Suite.start(SuiteOptions.onFreePorts(repository, repository.resolve(".run/bench"), Optional.of(samples))
                        .withEnvironment(Map.of("ANALYST_RATE_LIMIT_ENABLED", "false")))) {
            var sqlOf = new ConcurrentHashMap<String, String>();
            System.out.printf("Warming up with %d questions...%n", warmup);
            ask(suite, clients, warmup, 0, sqlOf);
            System.out.printf(
                    "Measuring: %d clients offering %d questions/s, %d questions...%n", clients, rate, questions);
            var paced = ask(suite, clients, questions, rate, sqlOf);
            System.out.printf("Measuring: %d clients asking back to back, %d questions...%n", clients, questions);
            var cpuBefore = CpuTime.sample(suite);
            var saturated = ask(suite, clients, questions, 0, sqlOf);
            var cpu = CpuTime.sample(suite).minus(cpuBefore);
            var direct = directSql(suite, clients, questions, sqlOf);
            report("paced at " + rate + " questions/s", clients, paced, direct);
            report("back to back", clients, saturated, direct);
            cpu.print("answer", saturated.nanos().size());
        }
    }

    record Measured(List<Long> nanos, long wallNanos, int failures) {}

    /**
     * Asks {@code total} questions from {@code clients} clients; with a rate above zero, question i is
     * not sent before {@code i / rate} seconds after the start, so the load offered is fixed.
     */
    private static Measured ask(Suite suite, int clients, int total, int rate, Map<String, String> sqlOf)
            throws Exception {
        var sse = new SseClient();
        var json = JsonMapper.builder().build();
        var latencies = Collections.synchronizedList(new ArrayList<Long>(total));
        var next = new AtomicInteger();
        var failures = new AtomicInteger();
        var started = System.nanoTime();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int client = 0; client < clients; client++) {
                pool.submit(() -> {
                    int index;
                    while ((index = next.getAndIncrement()) < total) {
                        if (rate > 0) {
                            var due = started + (long) (index * 1e9 / rate);
                            LockSupport.parkNanos(due - System.nanoTime());
                        }
                        var question = QUESTIONS.get(index % QUESTIONS.size());
                        var body = json.writeValueAsString(Map.of("question", question, "dataset", "housing"));
                        var begin = System.nanoTime();
                        try {
                            var events = sse.post(
                                    suite.gateway().resolve("/api/questions"),
                                    suite.credentials().apiKey(),
                                    body);
                            var last = events.getLast();
                            if (!last.event().equals("AnswerCompleted")) {
                                failures.incrementAndGet();
                                continue;
                            }
                            latencies.add(System.nanoTime() - begin);
                            sqlOf.putIfAbsent(
                                    question,
                                    json.readTree(last.data()).path("sql").asString());
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        return new Measured(List.copyOf(latencies), System.nanoTime() - started, failures.get());
    }

    /** The same statements over plain JDBC, one connection per client, as the floor nothing can beat. */
    private static Measured directSql(Suite suite, int clients, int total, Map<String, String> sqlOf) throws Exception {
        var infrastructure = suite.infrastructure();
        var statements = QUESTIONS.stream().map(sqlOf::get).toList();
        var latencies = Collections.synchronizedList(new ArrayList<Long>(total));
        var next = new AtomicInteger();
        var started = System.nanoTime();
        var failures = new AtomicLong();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int client = 0; client < clients; client++) {
                pool.submit(() -> {
                    try (var connection = DriverManager.getConnection(
                            infrastructure.jdbcUrl("analyst"), infrastructure.dbUser(), infrastructure.dbPassword())) {
                        connection.createStatement().execute("SET search_path TO warehouse_" + Suite.TENANT);
                        int index;
                        while ((index = next.getAndIncrement()) < total) {
                            var begin = System.nanoTime();
                            try (var statement =
                                            connection.prepareStatement(statements.get(index % statements.size()));
                                    var rows = statement.executeQuery()) {
                                while (rows.next()) {
                                    rows.getObject(1);
                                }
                            }
                            latencies.add(System.nanoTime() - begin);
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                    return null;
                });
            }
        }
        return new Measured(List.copyOf(latencies), System.nanoTime() - started, (int) failures.get());
    }

    private static void report(String load, int clients, Measured endToEnd, Measured direct) {
        var e2e = Latencies.sorted(endToEnd.nanos());
        var sql = Latencies.sorted(direct.nanos());
        double answersPerSecond = e2e.size() / (endToEnd.wallNanos() / 1e9);
        double meanE2e = e2e.stream().mapToLong(Long::longValue).average().orElse(0);
        double meanSql = sql.stream().mapToLong(Long::longValue).average().orElse(0);
        System.out.println();
        System.out.printf(
                "End to end through the public API, %d concurrent clients %s, built-in model%n", clients, load);
        System.out.printf(
                "  answers: %d   failures: %d   answers/s: %.1f%n", e2e.size(), endToEnd.failures(), answersPerSecond);
        System.out.printf(
                "  p50 %.1f ms   p95 %.1f ms   p99 %.1f ms%n",
                Latencies.millis(e2e, 0.50), Latencies.millis(e2e, 0.95), Latencies.millis(e2e, 0.99));
        System.out.printf("Baseline: the same SQL straight over JDBC, %d concurrent connections%n", clients);
        System.out.printf(
                "  p50 %.2f ms   p95 %.2f ms   p99 %.2f ms   statements/s: %.1f%n",
                Latencies.millis(sql, 0.50),
                Latencies.millis(sql, 0.95),
                Latencies.millis(sql, 0.99),
                sql.size() / (direct.wallNanos() / 1e9));
        System.out.printf(
                "Ratio end-to-end p50 / SQL p50: %.1fx%n",
                Latencies.millis(e2e, 0.5) / Math.max(Latencies.millis(sql, 0.5), 1e-6));
        System.out.printf(
                "Share of end-to-end time spent outside SQL execution: %.1f%%%n",
                100 * (1 - Math.min(1, meanSql / Math.max(meanE2e, 1))));
        System.out.println("Targets: p50 <= 50 ms, p99 <= 200 ms at 20 clients, >= 50 answers/s.");
    }

    static int intArgument(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
