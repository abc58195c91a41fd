package dev.analyst.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code deploy/analyst faults [--duration 10m] [--users 3] [--seed N] [--spacing 20s] [--outage 30s]}: the
 * fault-injection suite. It starts the whole suite as separate processes on real PostgreSQL, Kafka (a
 * broker process of its own) and Redis with a hosted model on the fast role, drives questions and uploads
 * for the duration while {@link FaultInjector} inflicts one fault after another, then lets the suite settle
 * and checks {@link FaultInvariants}; it also checks that the suite recovered by itself (a question
 * answered afterwards, the model's circuit closed). Prints every fault and figure; exits 1 if anything did
 * not hold. CI runs a short form ({@code FaultSuiteIT}); the seed it prints repeats a run.
 */
public final class FaultSuite {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** How long a run may wait for its step (agent) and for its ending (gateway) in these runs. */
    static final Duration STEP_LEASE = Duration.ofSeconds(60);

    static final Duration RUN_DEADLINE = Duration.ofMinutes(3);

    /** What a run of the fault suite is asked to do. */
    /**
     * @param wholeDeck go on past the duration until every kind of fault was inflicted once (the short form)
     */
    record Options(Duration duration, int users, long seed, Duration spacing, Duration outage, boolean wholeDeck) {}

    /** What a run found: the faults inflicted, the invariants' figures and violations, and recovery. */
    record Report(
            Options options,
            List<FaultInjector.Fault> faults,
            Map<String, Integer> traffic,
            FaultInvariants.Outcome invariants,
            Map<String, Object> recovery,
            List<String> recoveryFailures) {

        boolean held() {
            return invariants.held() && recoveryFailures.isEmpty();
        }
    }

    private FaultSuite() {}

    public static void main(String[] args) throws Exception {
        var options = new Options(
                SoakSettings.duration(argument(args, "--duration", "10m")),
                Integer.parseInt(argument(args, "--users", "3")),
                Long.parseLong(argument(
                        args,
                        "--seed",
                        Long.toString(ThreadLocalRandom.current().nextLong()))),
                SoakSettings.duration(argument(args, "--spacing", "20s")),
                SoakSettings.duration(argument(args, "--outage", "30s")),
                true);
        var repository = Path.of(System.getProperty("analyst.home", "."))
                .toAbsolutePath()
                .normalize();
        var report = run(repository, repository.resolve(".run/faults"), options);
        print(report);
        System.exit(report.held() ? 0 : 1);
    }

    static Report run(Path repository, Path runDirectory, Options options) throws Exception {
        var samples = repository.resolve("../shared/datasets").normalize();
        if (!Files.isRegularFile(samples.resolve("housing.csv"))) {
            throw new IllegalStateException("The fault suite asks about ../shared/datasets/housing.csv; it is missing");
        }
        System.out.printf(
                "Fault suite: %s of faults, %d users, seed %d (logs in %s)%n",
                options.duration(), options.users(), options.seed(), runDirectory);
        try (var model = new StandInModel()) {
            var environment = new LinkedHashMap<String, String>(model.environment());
            environment.put("ANALYST_RATE_LIMIT_ENABLED", "false");
            environment.put("ANALYST_STEP_LEASE", STEP_LEASE.toSeconds() + "s");
            environment.put("ANALYST_RUN_DEADLINE", RUN_DEADLINE.toSeconds() + "s");
            // A hosted call gives up soon and the circuit reopens its door soon: the run must not hang on it.
            environment.put("ANALYST_MODELS_TIMEOUT", "4s");
            environment.put("ANALYST_MODELS_ATTEMPTS", "2");
            environment.put("ANALYST_MODELS_OPENFOR", "10s");
            var suiteOptions = SuiteOptions.onFreePorts(repository, runDirectory, Optional.of(samples))
                    .withEnvironment(environment)
                    .withFaults();
            try (var suite = Suite.start(suiteOptions);
                    var workload = new FaultWorkload(
                            suite.gateway(), suite.credentials().apiKey());
                    var injector =
                            new FaultInjector(suite, model, options.seed(), options.spacing(), options.outage())) {
                workload.onAccepted(run -> injector.questionAccepted());
                workload.onUploaded(name -> injector.uploadAccepted());
                workload.start(options.users(), options.seed());
                injector.start(options.duration(), options.wholeDeck());
                injector.awaitDealt();
                System.out.println("Faults over: undoing what is in progress, letting the suite settle...");
                injector.stop();
                workload.stop(Duration.ofSeconds(90));
                var recovery = new LinkedHashMap<String, Object>();
                var failures = new java.util.ArrayList<String>();
                settle(suite, recovery, failures);
                recovery.put("first answer after each fault", firstAnswers(injector.faults(), workload.answers()));
                var invariants = new FaultInvariants(suite)
                        .check(workload, injector.poison(), model.delivered(), injector.agentKills());
                return new Report(
                        options, injector.faults(), workload.counts(), invariants, recovery, List.copyOf(failures));
            }
        }
    }

    /**
     * Waits, within the runs' own deadlines, until no run is running and the ledger has caught up; then asks
     * one more question, which must be answered, and checks the hosted model's circuit closed again.
     */
    private static void settle(Suite suite, Map<String, Object> recovery, List<String> failures) throws Exception {
        var started = Instant.now();
        var limit = started.plus(RUN_DEADLINE).plus(Duration.ofSeconds(90));
        var infrastructure = suite.infrastructure();
        try (var db = DriverManager.getConnection(
                infrastructure.jdbcUrl(infrastructure.endpoints().dbName()),
                infrastructure.dbUser(),
                infrastructure.dbPassword())) {
            long running = -1;
            while (Instant.now().isBefore(limit)) {
                try (var rows = db.createStatement()
                        .executeQuery("SELECT count(*) FROM gateway.runs WHERE status = 'running'")) {
                    rows.next();
                    running = rows.getLong(1);
                }
                if (running == 0) {
                    break;
                }
                TimeUnit.SECONDS.sleep(2);
            }
            recovery.put(
                    "runs ended within",
                    Duration.between(started, Instant.now()).toSeconds() + " s");
            if (running != 0) {
                failures.add(running + " runs still running "
                        + Duration.between(started, Instant.now()).toSeconds() + " s after the faults ended");
            }
        }
        var asked = Instant.now();
        var answer = new SseClient()
                .post(
                        suite.gateway().resolve("/api/questions"),
                        suite.credentials().apiKey(),
                        JSON.writeValueAsString(
                                Map.of("question", "How many houses are in the dataset?", "dataset", "housing")));
        var ended = answer.isEmpty() ? "nothing" : answer.getLast().event();
        recovery.put(
                "question after the faults",
                ended + " in " + Duration.between(asked, Instant.now()).toMillis() + " ms");
        if (!ended.equals("AnswerCompleted")) {
            failures.add("A question asked after the faults ended with " + ended + ", not an answer");
        }
        var circuit = agentMetric(suite.url(Service.AGENT), "analyst_agent_model_circuit_open");
        recovery.put("hosted model circuit open", circuit);
        if (circuit != 0) {
            failures.add("The hosted model's circuit is still open after it answered again");
        }
        // Usage reaches the ledger in batches: give the last ones a moment before the ledger is judged.
        TimeUnit.SECONDS.sleep(5);
    }

    /**
     * How soon users had answers again once each fault was undone: the time from its end to the next answer
     * any user received, as p50 and the longest, and for which fault the longest was.
     */
    static String firstAnswers(List<FaultInjector.Fault> faults, List<Instant> answers) {
        var sorted = answers.stream().sorted().toList();
        var waits = new java.util.ArrayList<Map.Entry<Duration, FaultInjector.Fault>>();
        for (var fault : faults) {
            sorted.stream()
                    .filter(answer -> !answer.isBefore(fault.ended()))
                    .findFirst()
                    .ifPresent(answer -> waits.add(Map.entry(Duration.between(fault.ended(), answer), fault)));
        }
        if (waits.isEmpty()) {
            return "no answers after the faults";
        }
        waits.sort(Map.Entry.comparingByKey());
        var longest = waits.getLast();
        return String.format(
                "p50 %.1f s, longest %.1f s (after %s of %s)",
                waits.get(waits.size() / 2).getKey().toMillis() / 1000.0,
                longest.getKey().toMillis() / 1000.0,
                longest.getValue().kind(),
                longest.getValue().target());
    }

    private static double agentMetric(URI agent, String name) throws IOException, InterruptedException {
        var body = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(agent.resolve("/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return body.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .max()
                .orElse(0);
    }

    static void print(Report report) {
        System.out.println();
        System.out.println("Faults inflicted (" + report.faults().size() + "):");
        for (var fault : report.faults()) {
            System.out.printf(
                    "  %-60s %-28s %5.1f s%n",
                    fault.kind(),
                    fault.target(),
                    Duration.between(fault.began(), fault.ended()).toMillis() / 1000.0);
        }
        System.out.println("Traffic:");
        report.traffic().forEach((what, count) -> System.out.printf("  %-50s %6d%n", what, count));
        System.out.println("Invariants:");
        report.invariants().figures().forEach((what, value) -> System.out.printf("  %-28s %s%n", what, value));
        System.out.println("Recovery:");
        report.recovery().forEach((what, value) -> System.out.printf("  %-28s %s%n", what, value));
        if (report.held()) {
            System.out.println("HELD: every invariant, and the suite recovered by itself (seed "
                    + report.options().seed() + ")");
        } else {
            System.out.println("VIOLATED (seed " + report.options().seed() + "):");
            report.invariants().violations().forEach(violation -> System.out.println("  - " + violation));
            report.recoveryFailures().forEach(failure -> System.out.println("  - " + failure));
        }
    }

    private static String argument(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
