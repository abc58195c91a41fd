package dev.analyst.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The fault suite's short form: the whole suite as separate processes, a few minutes of traffic while every
 * kind of fault is inflicted at least once (the deck deals each kind before any repeats), then the
 * invariants. A new seed each run, printed, so CI meets new orders of faults and a failure can be repeated
 * with {@code deploy/analyst faults --seed N}. The long form is {@code deploy/analyst faults --duration 30m}.
 */
class FaultSuiteIT {

    @Test
    void everyInvariantHoldsThroughEveryKindOfFault() throws Exception {
        var repository = SharedSuite.repositoryRoot();
        var seed =
                Long.getLong("analyst.faults.seed", ThreadLocalRandom.current().nextLong());
        var options = new FaultSuite.Options(
                Duration.ofMinutes(2), 3, seed, Duration.ofSeconds(8), Duration.ofSeconds(15), true);

        var report = FaultSuite.run(repository, repository.resolve("deploy/launcher/target/faults-it"), options);
        FaultSuite.print(report);

        assertThat(report.faults())
                .extracting(FaultInjector.Fault::kind)
                .as("every kind of fault was inflicted")
                .anySatisfy(kind -> assertThat(kind).startsWith("kill -9 at a random"))
                .anySatisfy(kind -> assertThat(kind).startsWith("kill -9 at its chosen"))
                .anySatisfy(kind -> assertThat(kind).isEqualTo("poison record"))
                .anySatisfy(kind -> assertThat(kind).startsWith("delivered again"))
                .anySatisfy(kind -> assertThat(kind).isEqualTo("hangs"));
        assertThat(report.faults())
                .extracting(FaultInjector.Fault::target)
                .contains("kafka broker", "postgresql", "redis");
        assertThat(report.traffic()).containsKey("questions accepted");
        assertThat(report.invariants().violations()).as("seed " + seed).isEmpty();
        assertThat(report.recoveryFailures()).as("seed " + seed).isEmpty();
    }
}
