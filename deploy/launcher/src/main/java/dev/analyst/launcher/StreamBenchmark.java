package dev.analyst.launcher;

import dev.analyst.contracts.Topic;
import dev.analyst.contracts.run.RunEvent;
import dev.analyst.contracts.run.RunFailed;
import dev.analyst.contracts.run.SummaryDelta;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code deploy/analyst bench-sse [--streams 5000] [--runs 100] [--events 20] [--interval-ms 1000]}: starts
 * a suite on free ports without sample data and holds {@code --streams} concurrent SSE streams of runs on
 * its one gateway, spread evenly over {@code --runs} runs, then plays the agent: publishes {@code --events}
 * rounds of one summary piece to every run onto Kafka, a round every {@code --interval-ms} (as a model
 * streams its words; 0 publishes them back to back, which measures queueing rather than fan-out), each
 * stamped with the moment it was sent, and ends the runs.
 *
 * <p>It prints the gateway's heap after a full collection, idle (the baseline) and holding the streams,
 * so the heap per stream is a measured difference; and the fan-out latency, from an event's publication
 * to its arrival at each stream's client (Kafka, the gateway's relay to Redis, pub/sub, the stream), over
 * every event every client received. The runs are written straight into the gateway's tables, as a
 * question would leave them, so no model is involved. Clients and broker share this process, and all of
 * it the machine's cores.
 */
public final class StreamBenchmark {

    private static final Pattern OCCURRED_AT = Pattern.compile("\"occurredAt\":\"([^\"]+)\"");
    private static final long TARGET_HEAP = 512L * 1024 * 1024;

    private final Suite suite;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();

    private StreamBenchmark(Suite suite) {
        this.suite = suite;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    public static void main(String[] args) throws Exception {
        int streams = LatencyBenchmark.intArgument(args, "--streams", 5000);
        int runs = LatencyBenchmark.intArgument(args, "--runs", 100);
        int events = LatencyBenchmark.intArgument(args, "--events", 20);
        int intervalMillis = LatencyBenchmark.intArgument(args, "--interval-ms", 1000);
        var repository = Path.of(System.getProperty("analyst.home", "."))
                .toAbsolutePath()
                .normalize();
        System.out.println("Starting a suite for the SSE benchmark, no sample data (logs in .run/bench-sse)...");
        // One user opens thousands of streams in seconds: far past the per-user rate limit, which is not
        // what is measured here.
        try (var suite =
                Suite.start(SuiteOptions.onFreePorts(repository, repository.resolve(".run/bench-sse"), Optional.empty())
                        .withEnvironment(Map.of("ANALYST_RATE_LIMIT_ENABLED", "false")))) {
            new StreamBenchmark(suite).run(streams, runs, events, intervalMillis);
        }
    }

    private void run(int streamCount, int runCount, int events, int intervalMillis) throws Exception {
        var runs = createRuns(runCount);
        var gateway = gatewayProcess();
        long idle = heapAfterFullCollection(gateway);
        System.out.printf("Gateway heap after a full collection, idle: %.1f MiB%n", idle / 1048576.0);

        System.out.printf("Opening %d streams over %d runs...%n", streamCount, runCount);
        var latencies = new ConcurrentLinkedQueue<Long>();
        var received = new AtomicLong();
        var open = new AtomicInteger();
        var ended = new AtomicInteger();
        var failures = new ConcurrentLinkedQueue<String>();
        var clients = Executors.newVirtualThreadPerTaskExecutor();
        long opening = System.nanoTime();
        for (int i = 0; i < streamCount; i++) {
            var runId = runs.get(i % runs.size());
            clients.submit(() -> follow(runId, open, received, latencies, ended, failures));
        }
        awaitOpenStreams(streamCount, failures);
        System.out.printf(
                "  %d streams open after %.1f s (the gateway's own gauge agrees)%n",
                streamCount, (System.nanoTime() - opening) / 1e9);
        long holding = heapAfterFullCollection(gateway);
        double perStream = (holding - idle) / (double) streamCount;
        System.out.printf(
                "Gateway heap after a full collection, holding them: %.1f MiB (%.1f KiB per stream)%n",
                holding / 1048576.0, perStream / 1024);

        System.out.printf(
                "Publishing %d events to each run, a round every %d ms (%d deliveries expected)...%n",
                events, intervalMillis, (long) events * streamCount);
        long publishing = System.nanoTime();
        try (var producer = producer()) {
            for (int round = 0; round < events; round++) {
                for (var runId : runs) {
                    send(
                            producer,
                            new SummaryDelta(UUID.randomUUID(), Instant.now(), runId, round, "piece " + round + " "));
                }
                producer.flush();
                TimeUnit.MILLISECONDS.sleep(intervalMillis);
            }
            long expected = (long) events * streamCount;
            awaitReceived(received, expected);
            double seconds = (System.nanoTime() - publishing) / 1e9;
            System.out.printf(
                    "  %d of %d delivered in %.1f s (%.0f deliveries/s)%n",
                    received.get(), expected, seconds, received.get() / seconds);
            for (var runId : runs) {
                send(
                        producer,
                        new RunFailed(
                                UUID.randomUUID(),
                                Instant.now(),
                                runId,
                                UUID.randomUUID(),
                                Suite.TENANT,
                                "cancelled",
                                "done"));
            }
            producer.flush();
        }
        awaitEnded(ended, streamCount);
        clients.shutdown();
        clients.awaitTermination(30, TimeUnit.SECONDS);

        var sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.println();
        System.out.println("== Figures vs targets");
        System.out.printf(
                "Heap holding %,d streams   %7.1f MiB   target < 512 MiB   %s (idle %.1f MiB; %.1f KiB per stream)%n",
                streamCount,
                holding / 1048576.0,
                holding < TARGET_HEAP ? "MET" : "MISSED",
                idle / 1048576.0,
                perStream / 1024);
        System.out.printf(
                "Fan-out latency            p50 %s ms, p95 %s ms, p99 %s ms, max %s ms over %,d deliveries%n",
                percentile(sorted, 0.50),
                percentile(sorted, 0.95),
                percentile(sorted, 0.99),
                percentile(sorted, 1.0),
                sorted.length);
        System.out.printf(
                "Streams ended by their run  %,d of %,d; failures %d%s%n",
                ended.get(),
                streamCount,
                failures.size(),
                failures.isEmpty() ? "" : " (first: " + failures.peek() + ")");
    }

    /** Conversations and runs as a question leaves them, straight into the gateway's tables. */
    private List<UUID> createRuns(int count) throws Exception {
        var infrastructure = suite.infrastructure();
        var database = infrastructure.environment().getOrDefault("ANALYST_DB_NAME", "analyst");
        var runs = new ArrayList<UUID>();
        try (var connection = DriverManager.getConnection(
                        infrastructure.jdbcUrl(database), infrastructure.dbUser(), infrastructure.dbPassword());
                var conversation = connection.prepareStatement(
                        "INSERT INTO gateway.conversations (id, tenant_id, user_id, title) VALUES (?, ?, ?, 'SSE benchmark')");
                var run = connection.prepareStatement(
                        "INSERT INTO gateway.runs (run_id, conversation_id, tenant_id, user_id, question) VALUES (?, ?, ?, ?, 'Total?')")) {
            for (int i = 0; i < count; i++) {
                var conversationId = UUID.randomUUID();
                var runId = UUID.randomUUID();
                conversation.setObject(1, conversationId);
                conversation.setString(2, Suite.TENANT);
                conversation.setString(3, Suite.USER);
                conversation.executeUpdate();
                run.setObject(1, runId);
                run.setObject(2, conversationId);
                run.setString(3, Suite.TENANT);
                run.setString(4, Suite.USER);
                run.executeUpdate();
                runs.add(runId);
            }
        }
        return runs;
    }

    /** One client: reads its stream line by line until the run ends, timing each event's trip. */
    private void follow(
            UUID runId,
            AtomicInteger open,
            AtomicLong received,
            ConcurrentLinkedQueue<Long> latencies,
            AtomicInteger ended,
            ConcurrentLinkedQueue<String> failures) {
        var request = HttpRequest.newBuilder(suite.gateway().resolve("/api/runs/" + runId + "/events"))
                .header("Authorization", "Bearer " + suite.credentials().apiKey())
                .header("Accept", "text/event-stream")
                .build();
        try {
            var response = http.send(request, HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                failures.add("HTTP " + response.statusCode());
                return;
            }
            open.incrementAndGet();
            var iterator = response.body().iterator();
            while (iterator.hasNext()) {
                var line = iterator.next();
                if (line.startsWith("data:")) {
                    var matcher = OCCURRED_AT.matcher(line);
                    if (line.contains("\"SummaryDelta\"") && matcher.find()) {
                        long micros = Duration.between(Instant.parse(matcher.group(1)), Instant.now())
                                        .toNanos()
                                / 1000;
                        latencies.add(micros);
                        received.incrementAndGet();
                    }
                } else if (line.startsWith("event:") && line.contains("RunFailed")) {
                    ended.incrementAndGet();
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            failures.add(e.toString());
        }
    }

    private void awaitOpenStreams(int count, ConcurrentLinkedQueue<String> failures) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        double gauge = 0;
        while (System.nanoTime() < deadline && failures.isEmpty()) {
            gauge = metric("analyst_gateway_sse_connections");
            if (gauge >= count) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new IllegalStateException("Only " + gauge + " of " + count + " streams opened; failures: "
                + failures.stream().limit(3).toList());
    }

    private static void awaitReceived(AtomicLong received, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        long last = -1;
        long lastChange = System.nanoTime();
        while (received.get() < expected && System.nanoTime() < deadline) {
            if (received.get() != last) {
                last = received.get();
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > Duration.ofSeconds(30).toNanos()) {
                System.out.printf("  nothing new for 30 s; %d of %d delivered%n", last, expected);
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private static void awaitEnded(AtomicInteger ended, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (ended.get() < count && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private ServiceProcess gatewayProcess() {
        return suite.processes().stream()
                .filter(process -> process.service() == Service.GATEWAY)
                .findFirst()
                .orElseThrow();
    }

    /** The gateway's heap in use right after a full collection (jcmd GC.run), from its own metrics. */
    private long heapAfterFullCollection(ServiceProcess gateway) throws Exception {
        return ServiceHeap.afterFullCollection(http, gateway);
    }

    /** The sum of a metric's series in the gateway's Prometheus scrape whose line starts with the prefix. */
    private double metric(String prefix) throws Exception {
        return ServiceHeap.metric(http, suite.gateway(), prefix);
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                suite.infrastructure().kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.LINGER_MS_CONFIG,
                0));
    }

    private void send(KafkaProducer<String, String> producer, RunEvent event) {
        producer.send(new ProducerRecord<>(
                Topic.RUN_EVENTS.topicName(),
                event.key(),
                json.writerFor(RunEvent.class).writeValueAsString(event)));
    }

    private static String percentile(long[] sortedMicros, double quantile) {
        if (sortedMicros.length == 0) {
            return "-";
        }
        int index = (int) Math.min(sortedMicros.length - 1, Math.ceil(quantile * sortedMicros.length) - 1);
        return String.format("%.1f", sortedMicros[Math.max(0, index)] / 1000.0);
    }
}
