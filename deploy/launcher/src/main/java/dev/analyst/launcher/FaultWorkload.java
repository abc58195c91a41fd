package dev.analyst.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The steady traffic of the fault suite: users asking about {@code housing} and following their answers'
 * streams (reconnecting with {@code Last-Event-ID} whenever a stream breaks), and uploading small files.
 * It remembers what the suite accepted (each question's run, each upload's name and row count), which is
 * what the invariants are checked against; what was refused (a gateway being killed, say) is only counted.
 */
final class FaultWorkload implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> TERMINAL = Set.of("AnswerCompleted", "RunFailed", "resync");
    /** What a client counts when it receives one run event twice: never, by any route, whatever the faults. */
    static final String DELIVERED_TWICE = "stream events delivered twice";

    private static final java.util.regex.Pattern EVENT_ID =
            java.util.regex.Pattern.compile("\"eventId\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    /** How long a user follows one answer, reconnecting, before moving on (the run is checked at the end). */
    private static final Duration FOLLOW_FOR = Duration.ofSeconds(90);

    /** An upload the suite accepted: the dataset must end complete with exactly these rows, or absent. */
    record Upload(String name, int rows, int status) {}

    private final URI gateway;
    private final String apiKey;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService users = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<UUID, Instant> accepted = new ConcurrentHashMap<>();
    private final List<Upload> uploads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final java.util.Queue<Instant> answers = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicInteger uploadsSent = new AtomicInteger();
    private volatile boolean running = true;
    private volatile Consumer<UUID> onAccepted = run -> {};
    private volatile Consumer<String> onUploaded = name -> {};

    FaultWorkload(URI gateway, String apiKey) {
        this.gateway = gateway;
        this.apiKey = apiKey;
    }

    /** Called right after the gateway accepted a question: its commit done, its publish maybe not. */
    void onAccepted(Consumer<UUID> listener) {
        this.onAccepted = listener;
    }

    /** Called right after ingestion accepted an upload. */
    void onUploaded(Consumer<String> listener) {
        this.onUploaded = listener;
    }

    void start(int userCount, long seed) {
        for (int user = 0; user < userCount; user++) {
            var random = new Random(seed + user);
            users.submit(() -> {
                while (running) {
                    try {
                        if (random.nextInt(6) == 0) {
                            upload(random);
                        } else {
                            ask(random);
                        }
                        TimeUnit.MILLISECONDS.sleep(200 + random.nextInt(800));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (IOException | RuntimeException e) {
                        count("errors: " + e.getClass().getSimpleName());
                    }
                }
            });
        }
    }

    /** Stops sending; in-flight streams are given {@code grace} to end. */
    void stop(Duration grace) throws InterruptedException {
        running = false;
        users.shutdown();
        if (!users.awaitTermination(grace.toSeconds(), TimeUnit.SECONDS)) {
            users.shutdownNow();
        }
    }

    Map<UUID, Instant> accepted() {
        return Map.copyOf(accepted);
    }

    /** When each answer reached its user, in no particular order. */
    List<Instant> answers() {
        return List.copyOf(answers);
    }

    List<Upload> uploads() {
        return List.copyOf(uploads);
    }

    Map<String, Integer> counts() {
        var copy = new java.util.TreeMap<String, Integer>();
        counts.forEach((name, count) -> copy.put(name, count.get()));
        return copy;
    }

    private void ask(Random random) throws IOException, InterruptedException {
        var question = LatencyBenchmark.QUESTIONS.get(random.nextInt(LatencyBenchmark.QUESTIONS.size()));
        var request = HttpRequest.newBuilder(gateway.resolve("/api/questions"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("question", question, "dataset", "housing"))))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException refused) {
            count("questions refused (no connection)");
            return;
        }
        if (response.statusCode() != 202) {
            count("questions refused (HTTP " + response.statusCode() + ")");
            return;
        }
        var runId = UUID.fromString(JSON.readTree(response.body()).get("runId").asString());
        accepted.put(runId, Instant.now());
        count("questions accepted");
        onAccepted.accept(runId);
        follow(runId);
    }

    /** Reads the run's stream to its end, reconnecting from the last id after every break. */
    private void follow(UUID runId) throws InterruptedException {
        var deadline = Instant.now().plus(FOLLOW_FOR);
        var lastId = "";
        var seen = new java.util.HashSet<String>();
        var events = new java.util.HashSet<String>();
        var reconnects = 0;
        while (Instant.now().isBefore(deadline)) {
            var builder = HttpRequest.newBuilder(gateway.resolve("/api/runs/" + runId + "/events"))
                    .timeout(FOLLOW_FOR)
                    .header("Authorization", "Bearer " + apiKey)
                    .header("Accept", "text/event-stream");
            if (!lastId.isEmpty()) {
                builder.header("Last-Event-ID", lastId);
            }
            try {
                var response = http.send(builder.GET().build(), HttpResponse.BodyHandlers.ofLines());
                if (response.statusCode() == 200) {
                    var lines = response.body().iterator();
                    SseClient.ServerSentEvent event;
                    while ((event = SseClient.next(lines)) != null) {
                        var eventId = EVENT_ID.matcher(event.data());
                        if (eventId.find() && !events.add(eventId.group(1))) {
                            // The same event under a new stream id: it was published twice.
                            count(DELIVERED_TWICE);
                        }
                        if (!event.id().isEmpty()) {
                            if (!seen.add(event.id())) {
                                count(DELIVERED_TWICE);
                            }
                            lastId = event.id();
                        }
                        if (TERMINAL.contains(event.event())) {
                            if (event.event().equals("AnswerCompleted")) {
                                answers.add(Instant.now());
                            }
                            count("streams ended with " + event.event());
                            return;
                        }
                    }
                } else {
                    response.body().close();
                }
            } catch (IOException | UncheckedIOException broken) {
                // The gateway went away mid-stream: reconnect from the last id, as a browser does.
            }
            reconnects++;
            count("stream reconnects");
            TimeUnit.MILLISECONDS.sleep(Math.min(5_000, 250L * reconnects));
        }
        count("streams given up (run checked at the end)");
    }

    private void upload(Random random) throws IOException, InterruptedException {
        var name = "faults_" + uploadsSent.incrementAndGet() + "_" + Integer.toHexString(random.nextInt());
        var rows = 50 + random.nextInt(2_000);
        var csv = new StringBuilder("city,amount,day\n");
        for (int row = 0; row < rows; row++) {
            csv.append("c")
                    .append(random.nextInt(20))
                    .append(',')
                    .append(random.nextInt(100_000))
                    .append(',')
                    .append("2026-01-")
                    .append(String.format("%02d", 1 + random.nextInt(28)))
                    .append('\n');
        }
        var boundary = "faults-" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n" + name + "\r\n"
                        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                        + ".csv\"\r\nContent-Type: text/csv\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(csv.toString().getBytes(StandardCharsets.UTF_8));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        var request = HttpRequest.newBuilder(gateway.resolve("/api/datasets"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException broken) {
            status = 0;
        }
        // Whatever the answer (none, when a service died mid-upload), the file must end whole or absent.
        uploads.add(new Upload(name, rows, status));
        count(
                status / 100 == 2
                        ? "uploads accepted"
                        : status == 0 ? "uploads broken off (no answer)" : "uploads refused (HTTP " + status + ")");
        if (status / 100 == 2) {
            onUploaded.accept(name);
        }
    }

    private void count(String what) {
        counts.computeIfAbsent(what, key -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void close() {
        running = false;
        users.shutdownNow();
    }
}
