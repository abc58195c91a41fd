package dev.analyst.launcher;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code deploy/analyst bench-ingest [--size 1GB] [--rows N]}: generates a mixed-type CSV of the given
 * size (decimal units: 1GB is 10^9 bytes) and, against one suite started on free ports without sample
 * data, (a) uploads it through the gateway, synchronously, timing the request from its first body byte
 * to the 201, while polling ingestion-service's heap every 500 ms; (b) loads the same file with {@code
 * psql \copy} into a table defined exactly like the one ingestion made, timing the psql process; and
 * (c) runs DuckDB's {@code SUMMARIZE} over the file, against the profiling time ingestion-service logs.
 * Prints throughput, the ratios and the targets.
 */
public final class IngestionBenchmark {

    private static final JsonMapper json = JsonMapper.builder().build();
    private static final String DATASET = "bench_ingest";
    /** How often heap and phase are polled: often enough for a peak, rarely enough not to load the service. */
    private static final long POLL_MILLIS = 500;

    private static final long SEED = 20_261_121L;
    private static final Pattern PROFILED = Pattern.compile("Profiled (\\S+) \\((.*?)\\) in (\\d+) ms \\(([^)]*)\\)");

    private IngestionBenchmark() {}

    public static void main(String[] args) throws Exception {
        var sizeArgument = argument(args, "--size");
        var rowsArgument = argument(args, "--rows");
        long targetBytes = sizeArgument
                .map(IngestionBenchmark::bytes)
                .orElse(rowsArgument.isPresent() ? Long.MAX_VALUE : 1_000_000_000L);
        long maxRows = rowsArgument.map(Long::parseLong).orElse(Long.MAX_VALUE);
        var psql = findOnPath("psql")
                .orElseThrow(
                        () -> new IllegalStateException(
                                "bench-ingest compares with psql \\copy, and psql is not on the PATH; install the PostgreSQL client (e.g. apt-get install postgresql-client)"));
        var repository = Path.of(System.getProperty("analyst.home", "."))
                .toAbsolutePath()
                .normalize();
        var folder = Files.createTempDirectory("analyst-bench-ingest");
        var file = folder.resolve("bench_ingest.csv");
        try {
            System.out.printf("Generating %s in %s...%n", describe(targetBytes, maxRows), folder);
            long generating = System.nanoTime();
            var written = CsvGenerator.write(file, targetBytes, maxRows, SEED);
            System.out.printf(
                    "  %,d rows, %,d bytes (%.1f MB) in %.1f s%n",
                    written.rows(), written.bytes(), written.bytes() / 1e6, seconds(System.nanoTime() - generating));
            run(repository, psql, file, written);
        } finally {
            deleteRecursively(folder);
        }
    }

    private static void run(Path repository, Path psql, Path file, CsvGenerator.Written written) throws Exception {
        var runDirectory = repository.resolve(".run/bench-ingest");
        // The services run from copies of their jars, so a rebuild during a long run cannot pull classes from under
        // them.
        var jars = file.resolveSibling("jars");
        for (var service : Service.values()) {
            if (!Files.isRegularFile(service.jar(repository))) {
                throw new IllegalStateException(
                        "Missing " + service.jar(repository)
                                + ": build first with ./mvnw -DskipTests install (deploy/analyst bench-ingest does it for you)");
            }
            snapshot(service.jar(repository), service.jar(jars));
        }
        System.out.println("Starting a suite without sample data (logs in .run/bench-ingest)...");
        try (var suite = Suite.start(SuiteOptions.onFreePorts(jars, runDirectory, Optional.empty()))) {
            var ingestion = suite.processes().stream()
                    .filter(process -> process.service() == Service.INGESTION)
                    .findFirst()
                    .orElseThrow();
            var curl = findOnPath("curl");
            // The services' code is compiled as it runs: one smaller upload first, as the latency
            // benchmark warms up, so the measured one is not also the JIT's first.
            var warmUp = file.resolveSibling("bench_warm_up.csv");
            CsvGenerator.write(warmUp, 50_000_000L, Long.MAX_VALUE, SEED + 1);
            System.out.println("Warming up with a 50 MB upload...");
            if (curl.isPresent()) {
                uploadWithCurl(suite, curl.get(), warmUp, "bench_warm_up");
                uploadWithCurl(
                        curl.get(),
                        warmUp,
                        ingestion.url().resolve("/api/datasets?name=bench_warm_up_direct"),
                        List.of("X-Tenant-Id: " + Suite.TENANT, "X-User-Id: bench"));
            } else {
                upload(suite, warmUp, "bench_warm_up");
            }
            Files.delete(warmUp);
            long logOffset = Files.size(ingestion.log());

            settle(suite);
            System.out.println("(a) Uploading through the gateway (POST /api/datasets, synchronous, "
                    + (curl.isPresent() ? "the file as the body, sent by curl" : "multipart, sent by Java's HttpClient")
                    + ")...");
            var heap = new HeapWatch(ingestion.url());
            var phases = new PhaseWatch(suite);
            var gcBefore = heap.gcPauses();
            var cpuBefore = CpuTime.sample(suite);
            Upload upload;
            try (var watching = Executors.newVirtualThreadPerTaskExecutor()) {
                watching.submit(heap);
                watching.submit(phases);
                try {
                    upload = curl.isPresent()
                            ? uploadWithCurl(suite, curl.get(), file, DATASET)
                            : upload(suite, file, DATASET);
                } finally {
                    heap.stop();
                    phases.stop();
                }
            }
            var uploadCpu = CpuTime.sample(suite).minus(cpuBefore);
            var gc = heap.gcPauses().minus(gcBefore);
            var response = json.readTree(upload.body());
            long apiRows = response.path("rowCount").asLong();
            var table = response.path("tables").path(0).path("name").asString();
            if (apiRows != written.rows()) {
                System.out.printf(
                        "  Note: ingestion loaded %,d rows, the generator wrote %,d%n", apiRows, written.rows());
            }
            var profiled = profiled(ingestion.log(), logOffset);

            Optional<Upload> direct = Optional.empty();
            Optional<Profiled> directProfiled = Optional.empty();
            if (curl.isPresent()) {
                settle(suite);
                System.out.println("(a') Uploading the same file straight to ingestion-service's API (no gateway)...");
                long directOffset = Files.size(ingestion.log());
                direct = Optional.of(uploadWithCurl(
                        curl.get(),
                        file,
                        ingestion.url().resolve("/api/datasets?name=" + DATASET + "_direct"),
                        List.of("X-Tenant-Id: " + Suite.TENANT, "X-User-Id: bench")));
                directProfiled = profiled(ingestion.log(), directOffset);
            }

            settle(suite);
            System.out.println("(b) Loading the same file with psql \\copy into bench.copy_baseline...");
            var copyCpuBefore = CpuTime.sample(suite);
            var copy = psqlCopy(suite, psql, file, "warehouse_" + Suite.TENANT, table);
            var copyCpu = CpuTime.sample(suite).minus(copyCpuBefore);

            System.out.println("(c) Profiling the file with DuckDB (SUMMARIZE SELECT * FROM read_csv(...))...");
            var duckdb = duckdbSummarize(file);

            report(written, upload, apiRows, copy, profiled, duckdb, heap, gc, phases);
            reportDirect(written, direct, directProfiled, copy);
            System.out.println(
                    "(e) CPU time during (a), the upload, and (b), psql \\copy (2 cores: at most 2 s per second):");
            uploadCpu.printSeconds("(a)");
            copyCpu.printSeconds("(b)");
        }
    }

    /**
     * Lets PostgreSQL finish what the last load started (autovacuum of the new table) before the next
     * measurement, so no run pays for the one before it.
     */
    private static void settle(Suite suite) throws SQLException, InterruptedException {
        var infrastructure = suite.infrastructure();
        try (var connection = DriverManager.getConnection(
                        infrastructure.jdbcUrl("analyst"), infrastructure.dbUser(), infrastructure.dbPassword());
                var statement = connection.createStatement()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                try (var rows = statement.executeQuery(
                        "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")) {
                    rows.next();
                    if (rows.getLong(1) == 0) {
                        break;
                    }
                }
                TimeUnit.MILLISECONDS.sleep(250);
            }
        }
    }

    /** The upload, timed from the first body byte handed to the connection to the complete response. */
    record Upload(long firstByte, long nanos, String body) {}

    private static Upload upload(Suite suite, Path file, String dataset) throws IOException, InterruptedException {
        var boundary = "analyst-bench-" + System.nanoTime();
        var head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n" + dataset + "\r\n"
                        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                        + file.getFileName() + "\"\r\nContent-Type: text/csv\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        var tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        // Head, file and tail as one streamed body of known length: the file is read from disk as it is sent.
        var body = new FirstByteTimed(HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofByteArray(head),
                HttpRequest.BodyPublishers.ofFile(file),
                HttpRequest.BodyPublishers.ofByteArray(tail)));
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var request = HttpRequest.newBuilder(suite.gateway().resolve("/api/datasets"))
                .timeout(Duration.ofMinutes(60))
                .header("Authorization", "Bearer " + suite.credentials().apiKey())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(body)
                .build();
        long requested = System.nanoTime();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long done = System.nanoTime();
        if (response.statusCode() != 201) {
            throw new IllegalStateException(
                    "The upload was answered " + response.statusCode() + ", not 201: " + response.body());
        }
        long first = body.firstByte.get() == 0 ? requested : body.firstByte.get();
        return new Upload(first, done - first, response.body());
    }

    /**
     * The upload as a simple upload (the body is the file) sent by curl, timed like psql: the whole
     * client process. A C client, as on the other side of the comparison, so the client's own cost on
     * this machine's cores is alike for both.
     */
    private static Upload uploadWithCurl(Suite suite, Path curl, Path file, String dataset)
            throws IOException, InterruptedException {
        return uploadWithCurl(
                curl,
                file,
                suite.gateway().resolve("/api/datasets?name=" + dataset),
                List.of("Authorization: Bearer " + suite.credentials().apiKey()));
    }

    /** {@code curl -T file} as a POST to {@code target} with {@code headers}; expects 201. */
    private static Upload uploadWithCurl(Path curl, Path file, URI target, List<String> headers)
            throws IOException, InterruptedException {
        var answer = Files.createTempFile("analyst-bench-answer", ".json");
        try {
            var arguments = new ArrayList<>(List.of(curl.toString(), "-sS", "-X", "POST", "-T", file.toString()));
            for (var header : headers) {
                arguments.addAll(List.of("-H", header));
            }
            arguments.addAll(List.of(
                    "-H",
                    "Content-Type: text/csv",
                    "-H",
                    "Content-Disposition: attachment; filename=\"" + file.getFileName() + "\"",
                    "-H",
                    "Expect:",
                    "-o",
                    answer.toString(),
                    "-w",
                    "%{http_code}",
                    target.toString()));
            var command = new ProcessBuilder(arguments).redirectErrorStream(true);
            long started = System.nanoTime();
            var process = command.start();
            var status = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int exit = process.waitFor();
            long nanos = System.nanoTime() - started;
            var body = Files.readString(answer);
            if (exit != 0 || !status.equals("201")) {
                throw new IllegalStateException(
                        "The upload was answered " + status + " (curl exit " + exit + "): " + body);
            }
            return new Upload(started, nanos, body);
        } finally {
            Files.deleteIfExists(answer);
        }
    }

    /** Notes when the first chunk of the body is handed to the HTTP client for sending. */
    private static final class FirstByteTimed implements HttpRequest.BodyPublisher {
        private final HttpRequest.BodyPublisher delegate;
        final AtomicLong firstByte = new AtomicLong();

        FirstByteTimed(HttpRequest.BodyPublisher delegate) {
            this.delegate = delegate;
        }

        @Override
        public long contentLength() {
            return delegate.contentLength();
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            delegate.subscribe(new Flow.Subscriber<ByteBuffer>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscriber.onSubscribe(subscription);
                }

                @Override
                public void onNext(ByteBuffer item) {
                    firstByte.compareAndSet(0, System.nanoTime());
                    subscriber.onNext(item);
                }

                @Override
                public void onError(Throwable throwable) {
                    subscriber.onError(throwable);
                }

                @Override
                public void onComplete() {
                    subscriber.onComplete();
                }
            });
        }
    }

    /** What ingestion-service logged about profiling the upload: one line per table. */
    record Profiled(long millis, String details, String steps) {}

    private static Optional<Profiled> profiled(Path log, long offset) throws IOException {
        try (var reader = new RandomAccessFile(log.toFile(), "r")) {
            reader.seek(offset);
            var bytes = new byte[Math.toIntExact(reader.length() - offset)];
            reader.readFully(bytes);
            var matcher = PROFILED.matcher(new String(bytes, StandardCharsets.UTF_8));
            Profiled found = null;
            while (matcher.find()) {
                found = new Profiled(Long.parseLong(matcher.group(3)), matcher.group(2), matcher.group(4));
            }
            return Optional.ofNullable(found);
        }
    }

    record Copy(long nanos, long rows, String definition) {}

    /**
     * Defines {@code bench.copy_baseline} with the columns and types ingestion gave its table (read from
     * information_schema), then times {@code psql \copy} of the file into it.
     */
    private static Copy psqlCopy(Suite suite, Path psql, Path file, String schema, String table)
            throws IOException, InterruptedException, SQLException {
        var infrastructure = suite.infrastructure();
        var columns = new ArrayList<String>();
        var names = new ArrayList<String>();
        try (var connection = DriverManager.getConnection(
                infrastructure.jdbcUrl("analyst"), infrastructure.dbUser(), infrastructure.dbPassword())) {
            try (var statement = connection.prepareStatement(
                    "SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale,"
                            + " is_nullable FROM information_schema.columns WHERE table_schema = ? AND table_name = ?"
                            + " ORDER BY ordinal_position")) {
                statement.setString(1, schema);
                statement.setString(2, table);
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        var name = quote(rows.getString(1));
                        var type = rows.getString(2);
                        if (type.equals("numeric") && rows.getObject(4) != null) {
                            type += "(" + rows.getInt(4) + "," + rows.getInt(5) + ")";
                        } else if (type.startsWith("character") && rows.getObject(3) != null) {
                            type += "(" + rows.getInt(3) + ")";
                        }
                        names.add(name);
                        columns.add(name + " " + type + (rows.getString(6).equals("NO") ? " NOT NULL" : ""));
                    }
                }
            }
            if (columns.size() != CsvGenerator.HEADER.size()) {
                throw new IllegalStateException("Ingestion's table " + schema + "." + table + " has " + columns.size()
                        + " columns, the file " + CsvGenerator.HEADER.size() + ": " + columns);
            }
            try (var statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS bench");
                statement.execute("DROP TABLE IF EXISTS bench.copy_baseline");
                statement.execute("CREATE TABLE bench.copy_baseline (" + String.join(", ", columns) + ")");
            }
        }
        var copy = "\\copy bench.copy_baseline (" + String.join(", ", names) + ") FROM '"
                + file.toString().replace("'", "''") + "' WITH (FORMAT csv, HEADER true)";
        var command = new ProcessBuilder(
                        psql.toString(),
                        "-X",
                        "-q",
                        "-v",
                        "ON_ERROR_STOP=1",
                        "-h",
                        infrastructure.dbHost(),
                        "-p",
                        Integer.toString(infrastructure.dbPort()),
                        "-U",
                        infrastructure.dbUser(),
                        "-d",
                        "analyst",
                        "-c",
                        copy)
                .redirectErrorStream(true);
        command.environment().put("PGPASSWORD", infrastructure.dbPassword());
        long started = System.nanoTime();
        var process = command.start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        long nanos = System.nanoTime() - started;
        if (exit != 0) {
            throw new IllegalStateException("psql \\copy failed (exit " + exit + "): " + output.strip());
        }
        long rows;
        try (var connection = DriverManager.getConnection(
                        infrastructure.jdbcUrl("analyst"), infrastructure.dbUser(), infrastructure.dbPassword());
                var statement = connection.createStatement();
                var result = statement.executeQuery("SELECT count(*) FROM bench.copy_baseline")) {
            result.next();
            rows = result.getLong(1);
        }
        return new Copy(nanos, rows, String.join(", ", columns));
    }

    record Summarized(long nanos, int columns, long rows) {}

    /** DuckDB in this process, in memory, with its defaults (all cores). */
    private static Summarized duckdbSummarize(Path file) throws SQLException {
        try (var connection = DriverManager.getConnection("jdbc:duckdb:");
                var statement = connection.createStatement()) {
            long started = System.nanoTime();
            int columns = 0;
            long count = 0;
            try (var rows = statement.executeQuery(
                    "SUMMARIZE SELECT * FROM read_csv('" + file.toString().replace("'", "''") + "')")) {
                while (rows.next()) {
                    columns++;
                    count = rows.getLong("count");
                }
            }
            return new Summarized(System.nanoTime() - started, columns, count);
        }
    }

    /** The heap ingestion-service uses, from its Prometheus endpoint, polled until stopped; keeps the peak. */
    private static final class HeapWatch implements Runnable {
        private final HttpClient http = HttpClient.newHttpClient();
        private final HttpRequest scrape;
        private final AtomicBoolean stopped = new AtomicBoolean();
        volatile long peakUsed;
        volatile long peakCommitted;
        volatile long max;
        volatile int samples;

        HeapWatch(URI ingestion) {
            scrape = HttpRequest.newBuilder(ingestion.resolve("/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(5))
                    .build();
        }

        @Override
        public void run() {
            while (!stopped.get()) {
                try {
                    var text = http.send(scrape, HttpResponse.BodyHandlers.ofString())
                            .body();
                    long used = sum(text, "jvm_memory_used_bytes{", "area=\"heap\"");
                    long committed = sum(text, "jvm_memory_committed_bytes{", "area=\"heap\"");
                    peakUsed = Math.max(peakUsed, used);
                    peakCommitted = Math.max(peakCommitted, committed);
                    max = Math.max(max, sum(text, "jvm_memory_max_bytes{", "area=\"heap\""));
                    samples++;
                    TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException | RuntimeException e) {
                    // A missed sample; the next one comes soon.
                }
            }
        }

        void stop() {
            stopped.set(true);
        }

        GcPauses gcPauses() throws IOException, InterruptedException {
            var text = http.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
            return new GcPauses(
                    (long) sumDouble(text, "jvm_gc_pause_seconds_count{", ""),
                    sumDouble(text, "jvm_gc_pause_seconds_sum{", ""));
        }

        private static long sum(String text, String metric, String tag) {
            return (long) sumDouble(text, metric, tag);
        }

        private static double sumDouble(String text, String metric, String tag) {
            double total = 0;
            for (var line : text.lines().toList()) {
                if (line.startsWith(metric) && line.contains(tag)) {
                    total += Math.max(0, value(line));
                }
            }
            return total;
        }

        private static double value(String line) {
            return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
    }

    /** When the load's recorded phase first changed to each value, as seen by polling its status row. */
    private static final class PhaseWatch implements Runnable {
        private final Suite suite;
        private final AtomicBoolean stopped = new AtomicBoolean();
        final java.util.Map<String, Long> firstSeen = new java.util.concurrent.ConcurrentHashMap<>();

        PhaseWatch(Suite suite) {
            this.suite = suite;
        }

        @Override
        public void run() {
            var infrastructure = suite.infrastructure();
            try (var connection = DriverManager.getConnection(
                            infrastructure.jdbcUrl("analyst"), infrastructure.dbUser(), infrastructure.dbPassword());
                    var statement = connection.prepareStatement("SELECT phase FROM ingestion.dataset_loads"
                            + " WHERE tenant_id = ? AND name = ? ORDER BY started_at DESC LIMIT 1")) {
                statement.setString(1, Suite.TENANT);
                statement.setString(2, DATASET);
                while (!stopped.get()) {
                    try (var rows = statement.executeQuery()) {
                        if (rows.next()) {
                            var phase = rows.getString(1);
                            long now = System.nanoTime();
                            firstSeen.putIfAbsent(phase, now);
                        }
                    }
                    TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SQLException e) {
                System.out.println("  (could not watch the load's phases: " + e.getMessage() + ")");
            }
        }

        void stop() {
            stopped.set(true);
        }
    }

    /** Collections so far: how many and their total pause. */
    record GcPauses(long count, double totalSeconds) {
        GcPauses minus(GcPauses before) {
            return new GcPauses(count - before.count, totalSeconds - before.totalSeconds);
        }
    }

    private static void report(
            CsvGenerator.Written written,
            Upload upload,
            long apiRows,
            Copy copy,
            Optional<Profiled> profiled,
            Summarized duckdb,
            HeapWatch heap,
            GcPauses gc,
            PhaseWatch phases) {
        double mb = written.bytes() / 1e6;
        double apiSeconds = seconds(upload.nanos());
        double copySeconds = seconds(copy.nanos());
        double duckSeconds = seconds(duckdb.nanos());
        System.out.println();
        System.out.printf(
                "File: %,d bytes (%.1f MB, %.2f MiB), %,d rows, %d columns (seed %d)%n",
                written.bytes(), mb, written.bytes() / 1048576.0, written.rows(), CsvGenerator.HEADER.size(), SEED);
        System.out.println("Table (as ingestion typed it): " + copy.definition());
        System.out.println();
        System.out.println("(a) Upload through the gateway, synchronous (the client's run, or first byte to 201;");
        System.out.println("    includes type inference, COPY and profiling, as a user waits for them):");
        System.out.printf(
                "    %.2f s   %,.0f rows/s   %.1f MB/s   (%,d rows loaded)%n",
                apiSeconds, apiRows / apiSeconds, mb / apiSeconds, apiRows);
        profiled.ifPresent(p -> {
            double withoutProfile = apiSeconds - p.millis() / 1000.0;
            System.out.printf(
                    "    without the profiling step: %.2f s   %,.0f rows/s   %.1f MB/s%n",
                    withoutProfile, apiRows / withoutProfile, mb / withoutProfile);
        });
        var seen = new ArrayList<String>();
        phases.firstSeen.entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByValue())
                .forEach(phase -> seen.add(
                        String.format("%s %.1f s", phase.getKey(), seconds(phase.getValue() - upload.firstByte()))));
        System.out.println(
                "    phases first seen in ingestion.dataset_loads (polled every 500 ms, from the first byte):");
        System.out.println("      " + (seen.isEmpty() ? "none seen" : String.join(", ", seen))
                + String.format(", 201 %.1f s", apiSeconds));
        System.out.println(
                "      (upload: the file is on disk, named; load: the first tick after it, as loading runs while");
        System.out.println("       the file arrives; profile: profiling begun; done: committed)");
        System.out.println("(b) psql \\copy into bench.copy_baseline (whole psql process):");
        System.out.printf(
                "    %.2f s   %,.0f rows/s   %.1f MB/s   (%,d rows)%n",
                copySeconds, copy.rows() / copySeconds, mb / copySeconds, copy.rows());
        System.out.printf(
                "    ratio API / psql throughput: %.2f (target >= 0.8 on a 1 GB file)%n", copySeconds / apiSeconds);
        profiled.ifPresent(p -> System.out.printf(
                "    ratio API without profiling / psql: %.2f%n", copySeconds / (apiSeconds - p.millis() / 1000.0)));
        System.out.println("(c) Profiling:");
        if (profiled.isPresent()) {
            var p = profiled.get();
            System.out.printf(
                    "    ingestion-service (its log): %.2f s   (%s; %s)%n",
                    p.millis() / 1000.0, p.details(), p.steps());
        } else {
            System.out.println("    ingestion-service: no \"Profiled ...\" line found in its log");
        }
        System.out.printf(
                "    DuckDB SUMMARIZE over the CSV file: %.2f s   (%d columns, %,d rows; it reads and parses the file too)%n",
                duckSeconds, duckdb.columns(), duckdb.rows());
        profiled.ifPresent(p -> System.out.printf(
                "    ratio service / DuckDB: %.2f (target <= 2)%n", p.millis() / 1000.0 / duckSeconds));
        System.out.println("(d) ingestion-service heap during the upload (Prometheus endpoint, every 500 ms):");
        System.out.printf(
                "    peak used %.1f MiB   peak committed %.1f MiB   max %.0f MiB   (%d samples; target < 256 MiB)%n",
                heap.peakUsed / 1048576.0, heap.peakCommitted / 1048576.0, heap.max / 1048576.0, heap.samples);
        System.out.printf(
                "    GC pauses during the upload: %d, %.0f ms in total%n", gc.count(), gc.totalSeconds() * 1000);
    }

    /** The same upload straight to ingestion-service: what the gateway hop costs, and the ingestion API alone. */
    private static void reportDirect(
            CsvGenerator.Written written, Optional<Upload> direct, Optional<Profiled> profiled, Copy copy) {
        if (direct.isEmpty()) {
            return;
        }
        double mb = written.bytes() / 1e6;
        double seconds = seconds(direct.get().nanos());
        double copySeconds = seconds(copy.nanos());
        System.out.println("(a') The same upload straight to ingestion-service's API (no gateway hop):");
        System.out.printf(
                "    %.2f s   %.1f MB/s   ratio to psql \\copy %.2f%n", seconds, mb / seconds, copySeconds / seconds);
        profiled.ifPresent(p -> {
            double withoutProfile = seconds - p.millis() / 1000.0;
            System.out.printf(
                    "    without the profiling step: %.2f s   %,.0f rows/s   %.1f MB/s   ratio to psql \\copy %.2f (target >= 0.8)%n",
                    withoutProfile, written.rows() / withoutProfile, mb / withoutProfile, copySeconds / withoutProfile);
        });
    }

    private static Optional<Path> findOnPath(String program) {
        var path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (var folder : path.split(File.pathSeparator)) {
            if (folder.isEmpty()) {
                continue;
            }
            var candidate = Path.of(folder, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** "100MB", "1GB", "1.5GB", "512MiB", "1GiB" or plain bytes; MB and GB are decimal, as disk sizes are. */
    static long bytes(String size) {
        var matcher = Pattern.compile("(?i)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(b|kb|mb|gb|kib|mib|gib)?\\s*")
                .matcher(size);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Not a size: " + size + " (try 100MB or 1GB)");
        }
        double number = Double.parseDouble(matcher.group(1));
        var unit = matcher.group(2) == null ? "b" : matcher.group(2).toLowerCase(Locale.ROOT);
        double factor = switch (unit) {
            case "kb" -> 1e3;
            case "mb" -> 1e6;
            case "gb" -> 1e9;
            case "kib" -> 1024;
            case "mib" -> 1024 * 1024;
            case "gib" -> 1024 * 1024 * 1024;
            default -> 1;
        };
        return (long) (number * factor);
    }

    private static String describe(long targetBytes, long maxRows) {
        var parts = new ArrayList<String>();
        if (targetBytes != Long.MAX_VALUE) {
            parts.add(String.format("%.1f MB", targetBytes / 1e6));
        }
        if (maxRows != Long.MAX_VALUE) {
            parts.add(String.format("%,d rows", maxRows));
        }
        return "a CSV file of " + String.join(" or ", parts) + (parts.size() > 1 ? ", whichever comes first" : "");
    }

    private static Optional<String> argument(String[] args, String name) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Optional.of(args[i + 1]);
            }
        }
        return Optional.empty();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Copies a jar, waiting out a rebuild that is writing it right now (the copy must open as a zip). */
    private static void snapshot(Path jar, Path copy) throws IOException, InterruptedException {
        Files.createDirectories(copy.getParent());
        for (int attempt = 1; ; attempt++) {
            Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            try (var zip = new java.util.zip.ZipFile(copy.toFile())) {
                if (zip.getEntry("META-INF/MANIFEST.MF") != null) {
                    return;
                }
            } catch (java.util.zip.ZipException incomplete) {
                // Being rebuilt: try again below.
            }
            if (attempt == 24) {
                throw new IllegalStateException(jar + " is not a valid jar (still being rebuilt?)");
            }
            TimeUnit.SECONDS.sleep(5);
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (var paths = Files.walk(folder)) {
            for (var path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
