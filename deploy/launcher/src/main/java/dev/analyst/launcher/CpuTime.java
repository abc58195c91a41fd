package dev.analyst.launcher;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time spent so far by each part of a running suite: the five services, PostgreSQL (its live
 * backends: one that has exited takes its CPU time with it), Redis, and this process, which hosts the
 * Kafka broker and the clients.
 */
record CpuTime(Map<String, Duration> byPart) {

    static CpuTime sample(Suite suite) {
        var parts = new LinkedHashMap<String, Duration>();
        for (var process : suite.processes()) {
            parts.put(process.service().module, process.cpu());
        }
        var postgres = Duration.ZERO;
        for (var process : suite.postgresProcesses()) {
            postgres = postgres.plus(process.info().totalCpuDuration().orElse(Duration.ZERO));
        }
        var redis = Duration.ZERO;
        for (var child : ProcessHandle.current().descendants().toList()) {
            if (child.info().command().orElse("").contains("redis")) {
                redis = redis.plus(child.info().totalCpuDuration().orElse(Duration.ZERO));
            }
        }
        parts.put("postgresql", postgres);
        parts.put("redis", redis);
        parts.put(
                "kafka broker + clients (this JVM)",
                ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO));
        return new CpuTime(parts);
    }

    CpuTime minus(CpuTime earlier) {
        var difference = new LinkedHashMap<String, Duration>();
        byPart.forEach(
                (part, cpu) -> difference.put(part, cpu.minus(earlier.byPart.getOrDefault(part, Duration.ZERO))));
        return new CpuTime(difference);
    }

    void print(String what, int answers) {
        System.out.println("CPU time per " + what + ", back to back (2 cores = 2,000 ms of CPU per second):");
        var total = Duration.ZERO;
        for (var entry : byPart.entrySet()) {
            System.out.printf(
                    "  %-36s %6.2f ms%n", entry.getKey(), entry.getValue().toNanos() / 1e6 / Math.max(answers, 1));
            total = total.plus(entry.getValue());
        }
        System.out.printf("  %-36s %6.2f ms%n", "total", total.toNanos() / 1e6 / Math.max(answers, 1));
    }

    /** CPU seconds per part (parts that used none left out), and their total. */
    void printSeconds(String label) {
        var total = Duration.ZERO;
        var parts = new StringBuilder();
        for (var entry : byPart.entrySet()) {
            if (entry.getValue().toMillis() >= 10) {
                parts.append(parts.isEmpty() ? "" : ", ")
                        .append(entry.getKey())
                        .append(String.format(" %.1f s", entry.getValue().toMillis() / 1000.0));
            }
            total = total.plus(entry.getValue());
        }
        System.out.printf("    %s %.1f s in all: %s%n", label, total.toMillis() / 1000.0, parts);
    }
}
