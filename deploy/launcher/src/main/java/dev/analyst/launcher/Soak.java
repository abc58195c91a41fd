package dev.analyst.launcher;

import dev.analyst.launcher.SseClient.ServerSentEvent;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code deploy/analyst soak [--users 20] [--duration 5m] [--seed N] [--think 200ms] [--warmup 30s]
 * [--grace 60s] [--timeout 120s]}: starts a suite on free ports of loopback with the sample data and has
 * N users, each a virtual thread, loop for the duration over a weighted mix of what people do: ask about
 * {@code housing} and read the answer's stream to its end; ask, drop the stream after a few events and
 * resume it with {@code Last-Event-ID}, checking against a full replay that no event came twice or went
 * missing; upload a small generated CSV as a new version of the user's own dataset, follow its load to
 * ready, and now and then ask about it.
 *
 * <p>It reports per operation count, errors and latency percentiles, throughput and error rate, and the
 * heap of every service after a full collection once warmed up and at the end: the point of a soak is
 * what only shows over time, and a leak shows as heap that a steady load keeps adding to. Each user
 * re-uploads one dataset rather than making new ones, so the live data stays the same size and growth is
 * not explained by more datasets to hold. The report also goes to {@code .run/soak/soak-report.json}.
 */
public final class Soak {

    /** What a user does, with how often it picks it (out of 100). */
    enum Kind {
        ASK("ask", 60),
        RESUME("ask, drop, resume", 25),
        UPLOAD("upload a CSV", 15),
        ASK_UPLOADED("ask the upload", 0);

        final String label;
        final int weight;

        Kind(String label, int weight) {
            this.label = label;
            this.weight = weight;
        }

        static Kind pick(SplittableRandom random) {
            int roll = random.nextInt(100);
            for (var kind : values()) {
                if (roll < kind.weight) {
                    return kind;
                }
                roll -= kind.weight;
            }
            return ASK;
        }
    }

    /** Housing questions the built-in model answers, phrased the ways people ask. */
    private static final List<String> QUESTIONS = List.of(
            "How many houses are in the dataset?",
            "how many houses are there",
            "What is the average price?",
            "Average price by number of bedrooms",
            "What's the mean price per bedrooms count?",
            "How many houses have air conditioning?",
            "What is the largest area?",
            "Number of houses per furnishing status",
            "Total parking of houses on the main road",
            "Average area of houses with more than 3 bedrooms",
            "Show the average price by furnishing status",
            "What is the maximum price?");

    private static final String UPLOADED_QUESTION = "How many rows are there?";

    private final Suite suite;
    private final SoakSettings settings;
    private final Path uploads;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final ExecutorService operations = Executors.newVirtualThreadPerTaskExecutor();

    private Soak(Suite suite, SoakSettings settings, Path uploads) {
        this.suite = suite;
        this.settings = settings;
        this.uploads = uploads;
    }

    public static void main(String[] args) throws Exception {
        var settings = SoakSettings.parse(args);
        var repository = Path.of(System.getProperty("analyst.home", "."))
                .toAbsolutePath()
                .normalize();
        var samples = repository.resolve("../shared/datasets").normalize();
        if (!Files.isRegularFile(samples.resolve("housing.csv"))) {
            throw new IllegalStateException("The soak asks about ../shared/datasets/housing.csv; it is missing");
        }
        var runDirectory = repository.resolve(".run/soak");
        System.out.printf(
                "Soak: %d users for %s, seed %d, think %s, warm-up %s, grace %s, operation timeout %s%n",
                settings.users(),
                SoakSettings.format(settings.duration()),
                settings.seed(),
                SoakSettings.format(settings.think()),
                SoakSettings.format(settings.warmup()),
                SoakSettings.format(settings.grace()),
                SoakSettings.format(settings.timeout()));
        System.out.printf(
                "Mix: %s %d%%, %s %d%%, %s %d%% (half of them then %s)%n",
                Kind.ASK.label,
                Kind.ASK.weight,
                Kind.RESUME.label,
                Kind.RESUME.weight,
                Kind.UPLOAD.label,
                Kind.UPLOAD.weight,
                Kind.ASK_UPLOADED.label);
        System.out.println("Starting a suite on loopback with the sample data (logs in .run/soak)...");
        // Every user shares one API key and together they offer more than one user's rate limit: what is
        // soaked is the pipeline, not the limiter.
        try (var suite = Suite.start(SuiteOptions.onFreePorts(repository, runDirectory, Optional.of(samples))
                .withEnvironment(Map.of("ANALYST_RATE_LIMIT_ENABLED", "false")))) {
            var uploads = Files.createDirectories(runDirectory.resolve("uploads"));
            var soak = new Soak(suite, settings, uploads);
            SoakReport report;
            try {
                report = soak.run();
            } finally {
                soak.operations.shutdownNow();
            }
            report.print(System.out);
            var file = runDirectory.resolve("soak-report.json");
            Files.writeString(
                    file,
                    JsonMapper.builder()
                            .build()
                            .writerWithDefaultPrettyPrinter()
                            .writeValueAsString(report));
            System.out.println("Report written to " + repository.relativize(file));
        }
    }

    private SoakReport run() throws Exception {
        var random = new SplittableRandom(settings.seed());
        if (!settings.warmup().isZero()) {
            System.out.printf("Warming up for %s (not measured)...%n", SoakSettings.format(settings.warmup()));
            load(settings.warmup(), random.split());
        }
        System.out.println("Heap of every service after a full collection, start...");
        var heapStart = heaps();
        System.out.printf("Soaking: %d users for %s...%n", settings.users(), SoakSettings.format(settings.duration()));
        var started = Instant.now();
        var measured = load(settings.duration(), random.split());
        long openStreams = awaitStreamsClosed();
        System.out.println("Heap of every service after a full collection, end...");
        var heapEnd = heaps();
        var heap = new ArrayList<ServiceHeap.Change>();
        for (var service : Service.values()) {
            heap.add(new ServiceHeap.Change(service, heapStart.get(service), heapEnd.get(service)));
        }
        return SoakReport.of(settings, started, measured, openStreams, heap);
    }

    /**
     * The gateway's count of SSE streams it still holds once every client has gone: a dropped stream it
     * never let go of is a leak the heap would show only after thousands. The gateway notices a client
     * gone when it next writes (an event or the 15 s heartbeat), so it gets a little longer than that.
     */
    private long awaitStreamsClosed() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        double open;
        while ((open = ServiceHeap.metric(http, suite.gateway(), "analyst_gateway_sse_connections")) > 0
                && System.nanoTime() < deadline) {
            TimeUnit.SECONDS.sleep(1);
        }
        return Math.round(open);
    }

    /** Every service's heap after a full collection, side by side would disturb each other: in turn. */
    private Map<Service, Long> heaps() throws IOException, InterruptedException {
        var heaps = new EnumMap<Service, Long>(Service.class);
        for (var process : suite.processes()) {
            heaps.put(process.service(), ServiceHeap.afterFullCollection(http, process));
        }
        return heaps;
    }

    /** What the users did in one stretch of load. */
    record Measured(Map<Kind, Tally> tallies, Duration wall) {}

    /**
     * Runs the users until {@code length} has passed: none starts an operation after that, and those
     * running get the grace period (and at most their timeout) to finish.
     */
    private Measured load(Duration length, SplittableRandom random) throws InterruptedException {
        var tallies = new EnumMap<Kind, Tally>(Kind.class);
        for (var kind : Kind.values()) {
            tallies.put(kind, new Tally());
        }
        long begin = System.nanoTime();
        long deadline = begin + length.toNanos();
        long cutOff = deadline + settings.grace().toNanos();
        try (var users = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int user = 0; user < settings.users(); user++) {
                var own = random.split();
                int number = user;
                users.submit(() -> user(number, own, deadline, cutOff, tallies));
            }
        }
        return new Measured(tallies, Duration.ofNanos(System.nanoTime() - begin));
    }

    private Void user(int number, SplittableRandom random, long deadline, long cutOff, Map<Kind, Tally> tallies) {
        // Users start spread over one think time, not all in the same millisecond.
        LockSupport.parkNanos(random.nextLong(Math.max(1, settings.think().toNanos())));
        while (System.nanoTime() < deadline) {
            // Every choice is drawn here, on the user's thread, so the seed decides them all.
            var kind = Kind.pick(random);
            var question = QUESTIONS.get(random.nextInt(QUESTIONS.size()));
            long seed = random.nextLong();
            switch (kind) {
                case ASK -> timed(tallies.get(Kind.ASK), cutOff, () -> ask(question));
                case RESUME -> {
                    var tally = tallies.get(Kind.RESUME);
                    timed(tally, cutOff, () -> askDropAndResume(question, seed, tally));
                }
                case ASK_UPLOADED -> throw new IllegalStateException("Asked only after an upload, never picked");
                case UPLOAD -> {
                    var dataset = "soak_user_" + number;
                    var tally = tallies.get(Kind.UPLOAD);
                    boolean uploaded = timed(tally, cutOff, () -> upload(dataset, seed, tally));
                    if (uploaded && random.nextBoolean() && System.nanoTime() < deadline) {
                        timed(tallies.get(Kind.ASK_UPLOADED), cutOff, () -> askUploaded(dataset));
                    }
                }
            }
            LockSupport.parkNanos(settings.think().toNanos());
        }
        return null;
    }

    /** One operation: returns normally when it did what it should, throws {@link Failure} when not. */
    @FunctionalInterface
    private interface Operation {
        void run() throws Exception;
    }

    /** What went wrong in an operation, in words short enough to count alike ones together. */
    static final class Failure extends Exception {
        final String detail;

        Failure(String reason) {
            this(reason, reason);
        }

        Failure(String reason, String detail) {
            super(reason, null, false, false);
            this.detail = detail;
        }
    }

    /**
     * Runs an operation on a thread of its own so that one stuck on a stream is interrupted at its
     * timeout (or when the grace period ends) instead of holding its user forever; tallies the outcome.
     */
    private boolean timed(Tally tally, long cutOff, Operation operation) {
        long begin = System.nanoTime();
        long limit = Math.min(settings.timeout().toNanos(), Math.max(0, cutOff - begin));
        var future = operations.submit(() -> {
            operation.run();
            return null;
        });
        try {
            future.get(limit, TimeUnit.NANOSECONDS);
            tally.succeeded(System.nanoTime() - begin);
            return true;
        } catch (TimeoutException e) {
            future.cancel(true);
            tally.failed(
                    begin + settings.timeout().toNanos() <= cutOff
                            ? "timed out after " + SoakSettings.format(settings.timeout())
                            : "still running when the grace period ended");
        } catch (ExecutionException e) {
            var cause = e.getCause();
            tally.failed(reason(cause));
            if (cause instanceof Failure failure && !failure.detail.equals(failure.getMessage())) {
                System.err.println("  " + failure.getMessage() + ": " + failure.detail);
            }
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            tally.failed("interrupted");
        }
        return false;
    }

    private static String reason(Throwable cause) {
        if (cause instanceof Failure failure) {
            return failure.getMessage();
        }
        var message = cause.getMessage() == null ? "" : ": " + cause.getMessage();
        return cause.getClass().getSimpleName() + message.lines().findFirst().orElse("");
    }

    // ---- (a) ask and read the answer's stream to its end

    private void ask(String question) throws Exception {
        try (var stream = postQuestion(question, "housing")) {
            var events = stream.readToEnd();
            requireAnswered(events);
        }
    }

    private void askUploaded(String dataset) throws Exception {
        try (var stream = postQuestion(UPLOADED_QUESTION, dataset)) {
            requireAnswered(stream.readToEnd());
        }
    }

    private void requireAnswered(List<ServerSentEvent> events) throws Failure {
        if (events.isEmpty()) {
            throw new Failure("the stream ended without an event");
        }
        var last = events.getLast();
        if (last.event().equals("RunFailed")) {
            throw new Failure(
                    "RunFailed: " + json.readTree(last.data()).path("reason").asString(""));
        }
        if (!last.event().equals("AnswerCompleted")) {
            throw new Failure("the stream ended after " + last.event() + ", not AnswerCompleted");
        }
    }

    // ---- (b) ask, drop the stream after a few events, resume it, and check against a full replay

    private void askDropAndResume(String question, long seed, Tally tally) throws Exception {
        var random = new SplittableRandom(seed);
        int beforeDrop = 1 + random.nextInt(3);
        var seen = new ArrayList<ServerSentEvent>();
        String runId;
        try (var stream = postQuestion(question, "housing")) {
            runId = stream.header("X-Run-Id");
            ServerSentEvent event;
            while (seen.size() < beforeDrop && (event = stream.next()) != null) {
                seen.add(event);
                if (SseClient.terminal(event)) {
                    break;
                }
            }
        }
        if (seen.isEmpty()) {
            throw new Failure("the stream ended without an event");
        }
        if (SseClient.terminal(seen.getLast())) {
            tally.note("run ended before the drop: nothing to resume");
        } else {
            tally.note("dropped after " + seen.size() + " events and resumed");
            var lastId = seen.getLast().id();
            if (lastId.isEmpty()) {
                throw new Failure("an event without an id: " + seen.getLast().event());
            }
            try (var resumed = runEvents(runId, lastId)) {
                seen.addAll(resumed.readToEnd());
            }
        }
        requireAnswered(seen);
        List<ServerSentEvent> replay;
        try (var full = runEvents(runId, null)) {
            replay = full.readToEnd();
        }
        var difference = EventSequences.compare(
                replay.stream().map(ServerSentEvent::id).toList(),
                seen.stream().map(ServerSentEvent::id).toList());
        if (difference.isPresent()) {
            throw new Failure(
                    difference.get().problem(),
                    "run " + runId + ": " + difference.get().detail());
        }
    }

    // ---- (c) upload a CSV as the next version of the user's dataset and follow its load to ready

    private void upload(String dataset, long seed, Tally tally) throws Exception {
        var file = uploads.resolve(dataset + ".csv");
        // Small and different each time: a new version is loaded (the very same bytes would be kept as is).
        var written = CsvGenerator.write(file, 12_000 + Math.floorMod(seed, 8_000), 200, seed);
        var sentAt = Instant.now();
        var accepted = json.readTree(postUpload(file, dataset, tally));
        long acceptedAt = System.nanoTime();
        var id = accepted.path("id").asString("");
        if (id.isEmpty()) {
            throw new Failure("the upload was accepted without a dataset id");
        }
        List<ServerSentEvent> events;
        try (var progress = open(get("/api/datasets/" + id + "/events", null))) {
            events = progress.readUntil(event ->
                    event.event().equals("DatasetFailed") || event.data().contains("\"phase\":\"done\""));
        }
        if (events.isEmpty()) {
            var status = json.readTree(send(get("/api/datasets/" + id + "/status", null)));
            throw new Failure(
                    "the load's progress stream ended without an event",
                    "dataset " + dataset + " (" + id + "), stream ended "
                            + (System.nanoTime() - acceptedAt) / 1_000_000 + " ms after the 202; status now "
                            + status.path("status").asString("") + ", updated "
                            + status.path("updatedAt").asString(""));
        }
        var last = events.getLast();
        if (last.event().equals("DatasetFailed")) {
            throw new Failure("DatasetFailed: " + json.readTree(last.data()).path("message"));
        }
        // The stream starts at the latest load: events from before this upload are an earlier load's.
        for (var event : events) {
            var occurredAt =
                    Instant.parse(json.readTree(event.data()).path("occurredAt").asString());
            if (occurredAt.isBefore(sentAt)) {
                throw new Failure(
                        "the progress stream replayed an earlier load",
                        "dataset " + dataset + " (" + id + "): " + event.event() + " " + event.data()
                                + " occurred before the upload was sent at " + sentAt);
            }
        }
        long rows = json.readTree(last.data()).path("rowsLoaded").asLong(-1);
        if (rows != written.rows()) {
            throw new Failure(
                    "the load's done event counts other rows than the file's",
                    "dataset " + dataset + " (" + id + "): " + rows + " rows loaded, the file has " + written.rows());
        }
        var status = json.readTree(send(get("/api/datasets/" + id + "/status", null)));
        if (!status.path("status").asString("").equals("ready")) {
            throw new Failure("the load's progress said done but its status is " + status.path("status"));
        }
        var listed = json.readTree(send(get("/api/datasets", null)));
        if (!listed.findValuesAsString("id").contains(id)) {
            throw new Failure("a ready dataset missing from GET /api/datasets");
        }
        awaitPlannable(dataset);
    }

    /**
     * The agent learns of a new version from Kafka, a moment after the load is ready; a question asked
     * before that plans against the version before. Waits for the agent's catalog (loopback, internal) to
     * show this load, the suite's own sign that the dataset can be asked about.
     */
    private void awaitPlannable(String dataset) throws Exception {
        var request = HttpRequest.newBuilder(suite.url(Service.AGENT).resolve("/internal/catalog/" + Suite.TENANT))
                .timeout(Duration.ofSeconds(30))
                .build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            var catalog = json.readTree(
                    http.send(request, HttpResponse.BodyHandlers.ofString()).body());
            if (knows(catalog, dataset)) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new Failure("the agent did not learn of the new version within 30 s");
    }

    private static boolean knows(JsonNode catalog, String dataset) {
        for (var node : catalog.findParents("name")) {
            if (node.path("name").asString("").equals(dataset)) {
                return true;
            }
        }
        return false;
    }

    /** Uploads, answered as soon as the file is on disk; a busy tenant's 429 is waited out, as asked. */
    private String postUpload(Path file, String dataset, Tally tally) throws Exception {
        var boundary = "soak-" + System.nanoTime();
        var head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n" + dataset + "\r\n"
                        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                        + file.getFileName() + "\"\r\nContent-Type: text/csv\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        var tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        var body = new byte[head.length + (int) Files.size(file) + tail.length];
        var bytes = Files.readAllBytes(file);
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(bytes, 0, body, head.length, bytes.length);
        System.arraycopy(tail, 0, body, head.length + bytes.length, tail.length);
        var request = HttpRequest.newBuilder(suite.gateway().resolve("/api/datasets"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + suite.credentials().apiKey())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Prefer", "respond-async")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        while (true) {
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 429) {
                // Two loads per tenant at once is the documented limit; waiting it out is what a client does.
                tally.note("429 too many uploads, waited Retry-After");
                long seconds =
                        response.headers().firstValueAsLong("Retry-After").orElse(1);
                TimeUnit.SECONDS.sleep(Math.max(1, seconds));
                continue;
            }
            if (response.statusCode() != 202) {
                throw new Failure("upload: HTTP " + response.statusCode() + " " + problem(response.body()));
            }
            return response.body();
        }
    }

    // ---- HTTP and SSE plumbing

    private HttpRequest get(String path, @Nullable String lastEventId) {
        var builder = HttpRequest.newBuilder(suite.gateway().resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + suite.credentials().apiKey());
        if (lastEventId != null) {
            builder.header("Last-Event-ID", lastEventId);
        }
        return builder.build();
    }

    private String send(HttpRequest request) throws Exception {
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 400) {
            throw new Failure(request.method() + " " + request.uri().getPath().replaceAll("[0-9a-f-]{36}", "{id}")
                    + ": HTTP " + response.statusCode() + " " + problem(response.body()));
        }
        return response.body();
    }

    private EventStream postQuestion(String question, String dataset) throws Exception {
        var body = json.writeValueAsString(Map.of("question", question, "dataset", dataset));
        return open(HttpRequest.newBuilder(suite.gateway().resolve("/api/questions"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + suite.credentials().apiKey())
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private EventStream runEvents(String runId, @Nullable String lastEventId) throws Exception {
        return open(get("/api/runs/" + runId + "/events", lastEventId));
    }

    private EventStream open(HttpRequest request) throws Exception {
        var withAccept = HttpRequest.newBuilder(request, (name, value) -> true)
                .header("Accept", "text/event-stream")
                .build();
        var response = http.send(withAccept, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            String body;
            try (var lines = response.body()) {
                body = String.join(" ", lines.toList());
            }
            throw new Failure(request.method() + " " + request.uri().getPath().replaceAll("[0-9a-f-]{36}", "{id}")
                    + ": HTTP " + response.statusCode() + " " + problem(body));
        }
        return new EventStream(response);
    }

    /** The title (or code) of a problem answer, enough to tell failures apart without the whole body. */
    private String problem(String body) {
        try {
            var node = json.readTree(body);
            var code = node.path("code").asString("");
            return code.isEmpty() ? node.path("title").asString("") : code;
        } catch (RuntimeException notJson) {
            return body.length() > 80 ? body.substring(0, 80) : body;
        }
    }

    /** An open SSE response; closing it drops the connection, as a client going away does. */
    private static final class EventStream implements AutoCloseable {
        private final HttpResponse<Stream<String>> response;
        private final Iterator<String> lines;

        EventStream(HttpResponse<Stream<String>> response) {
            this.response = response;
            this.lines = response.body().iterator();
        }

        String header(String name) throws Failure {
            return response.headers().firstValue(name).orElseThrow(() -> new Failure("no " + name + " header"));
        }

        @Nullable
        ServerSentEvent next() {
            return SseClient.next(lines);
        }

        List<ServerSentEvent> readToEnd() {
            return readUntil(SseClient::terminal);
        }

        List<ServerSentEvent> readUntil(java.util.function.Predicate<ServerSentEvent> last) {
            var events = new ArrayList<ServerSentEvent>();
            ServerSentEvent event;
            while ((event = next()) != null) {
                events.add(event);
                if (last.test(event)) {
                    break;
                }
            }
            return events;
        }

        @Override
        public void close() {
            response.body().close();
        }
    }

    // ---- tallies and the report

    /** One kind of operation's outcomes, added to from every user at once. */
    static final class Tally {
        private final ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();
        private final AtomicLong count = new AtomicLong();
        private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
        private final Map<String, AtomicLong> notes = new ConcurrentHashMap<>();

        void succeeded(long elapsedNanos) {
            count.incrementAndGet();
            nanos.add(elapsedNanos);
        }

        void failed(String reason) {
            count.incrementAndGet();
            failures.computeIfAbsent(reason, ignored -> new AtomicLong()).incrementAndGet();
        }

        /** Counts something that is no error but says what the operations met (a 429 waited out, say). */
        void note(String what) {
            notes.computeIfAbsent(what, ignored -> new AtomicLong()).incrementAndGet();
        }

        long count() {
            return count.get();
        }

        long errors() {
            return failures.values().stream().mapToLong(AtomicLong::get).sum();
        }

        List<Long> latencies() {
            return Latencies.sorted(List.copyOf(nanos));
        }

        Map<String, Long> failureReasons() {
            return mostFirst(failures);
        }

        Map<String, Long> notes() {
            return mostFirst(notes);
        }

        private static Map<String, Long> mostFirst(Map<String, AtomicLong> counts) {
            var sorted = new LinkedHashMap<String, Long>();
            counts.entrySet().stream()
                    .sorted((a, b) ->
                            Long.compare(b.getValue().get(), a.getValue().get()))
                    .forEach(
                            entry -> sorted.put(entry.getKey(), entry.getValue().get()));
            return sorted;
        }
    }
}
