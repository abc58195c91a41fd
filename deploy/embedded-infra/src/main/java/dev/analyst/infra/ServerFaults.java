package dev.analyst.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The faults a fault-injection run inflicts on the embedded servers: the Kafka broker killed and started
 * again with its log, PostgreSQL and Redis frozen ({@code SIGSTOP}) and thawed ({@code SIGCONT}). A frozen
 * server keeps its connections open and answers nothing, the hardest kind of outage for a client: no
 * error comes, only time passes.
 */
public final class ServerFaults {

    private final KafkaBrokerProcess kafka;
    private final Path postgresData;
    private final int redisPort;

    ServerFaults(KafkaBrokerProcess kafka, Path postgresData, int redisPort) {
        this.kafka = kafka;
        this.postgresData = postgresData;
        this.redisPort = redisPort;
    }

    public void killKafka() {
        kafka.kill();
    }

    /** Starts the killed broker again on its port, with its log, and waits until it answers. */
    public void startKafka() {
        kafka.startAgain();
    }

    public void pausePostgres() {
        signal("STOP", postgres());
    }

    public void resumePostgres() {
        signal("CONT", postgres());
    }

    public void pauseRedis() {
        signal("STOP", redis());
    }

    public void resumeRedis() {
        signal("CONT", redis());
    }

    /**
     * The postmaster first, then every backend: pausing the postmaster alone leaves open connections
     * answering, and pausing it first means no new backend is forked while the others are paused.
     */
    private List<ProcessHandle> postgres() {
        var processes = PostgresProcesses.of(postgresData);
        if (processes.isEmpty()) {
            throw new IllegalStateException("PostgreSQL is not running from " + postgresData);
        }
        return processes;
    }

    /**
     * The redis-server this JVM started on the suite's port, among its children. Redis rewrites its process
     * title to {@code <path> <bind>:<port>}, which is where the port shows (its settings came in a file).
     */
    private List<ProcessHandle> redis() {
        var found = ProcessHandle.current()
                .descendants()
                .filter(process -> title(process).contains("redis-server")
                        && title(process).contains(":" + redisPort))
                .toList();
        if (found.isEmpty()) {
            throw new IllegalStateException("No redis-server on port " + redisPort + " among this JVM's children");
        }
        return found;
    }

    private static String title(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"))
                    .replace('\0', ' ');
        } catch (IOException | RuntimeException gone) {
            return "";
        }
    }

    /**
     * Signals every process at once. A backend may end between being listed and being signalled (its client
     * hung up): that is no failure, and the others are signalled all the same.
     */
    private static void signal(String signal, List<ProcessHandle> processes) {
        var command = new ArrayList<>(List.of("kill", "-" + signal));
        processes.forEach(process -> command.add(Long.toString(process.pid())));
        try {
            var kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            var finished = kill.waitFor(10, TimeUnit.SECONDS);
            var output = new String(kill.getInputStream().readAllBytes());
            var onlyGone = output.lines().allMatch(line -> line.isBlank() || line.contains("No such process"));
            if (!finished || (kill.exitValue() != 0 && !onlyGone)) {
                throw new IllegalStateException("kill -" + signal + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("kill -" + signal + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while signalling", e);
        }
    }
}
