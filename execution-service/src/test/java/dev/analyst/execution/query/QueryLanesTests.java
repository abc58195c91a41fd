package dev.analyst.execution.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.analyst.contracts.step.StepError;
import dev.analyst.execution.ExecutionProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class QueryLanesTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private QueryLanes lanes = new QueryLanes(properties(2, 3, 5, Duration.ofSeconds(60)), meters);

    /** Queries that start when subscribed and finish when the test says so. */
    private final List<Sinks.One<String>> finishers = new CopyOnWriteArrayList<>();

    private final List<String> started = new CopyOnWriteArrayList<>();

    private final List<Object> outcomes = new CopyOnWriteArrayList<>();

    @Test
    void aTenantRunsAtMostItsLaneAndWaitsInItsOwnQueue() {
        submit("flood", 5);

        assertThat(started).containsExactly("flood", "flood");
        assertThat(running()).isEqualTo(2);
        assertThat(waiting()).isEqualTo(3);
    }

    @Test
    void anotherTenantStartsAtOnceWhileOneFloods() {
        submit("flood", 5);

        submit("quiet", 1);

        assertThat(started).containsExactly("flood", "flood", "quiet");
    }

    @Test
    void freedSlotsGoToWaitingTenantsInTurn() {
        submit("a", 2);
        submit("b", 3);
        // a: 2 running; b: 1 running (global 3 reached), 2 waiting. c waits for the global pool.
        submit("c", 2);
        assertThat(started).containsExactly("a", "a", "b");

        // Both of a's queries end: the two freed slots go one to each waiting tenant, not both to b.
        finish(0);
        finish(1);

        assertThat(started.subList(3, started.size())).containsExactlyInAnyOrder("b", "c");
    }

    @Test
    void aTenantWithTooManyWaitingQueriesIsToldItIsBusy() {
        submit("flood", 2 + 5 + 1);

        assertThat(outcomes)
                .singleElement()
                .isInstanceOfSatisfying(
                        QueryFailed.class, failed -> assertThat(failed.error()).isEqualTo(StepError.BUSY));
    }

    @Test
    void aCancelledWaitingQueryLeavesTheQueueAndAFinishedOneFreesItsSlot() {
        var subscriptions = submit("a", 3);
        subscriptions.get(2).dispose();
        assertThat(waiting()).isZero();

        finish(0);
        finish(1);

        assertThat(running()).isZero();
        assertThat(outcomes).containsExactly("done", "done");
    }

    @Test
    void aQueryThatWaitsLongerThanTheMaximumIsToldItIsBusyAndLeavesTheQueue() {
        lanes = new QueryLanes(properties(1, 3, 5, Duration.ofMillis(100)), new SimpleMeterRegistry());
        submit("a", 2);

        await().atMost(Duration.ofSeconds(5)).until(() -> !outcomes.isEmpty());

        assertThat(outcomes)
                .singleElement()
                .isInstanceOfSatisfying(
                        QueryFailed.class, failed -> assertThat(failed.error()).isEqualTo(StepError.BUSY));
        finish(0);
        assertThat(started).as("the abandoned query never starts").hasSize(1);
    }

    private List<Disposable> submit(String tenant, int queries) {
        var subscriptions = new ArrayList<Disposable>();
        for (int i = 0; i < queries; i++) {
            Sinks.One<String> finisher = Sinks.one();
            Mono<String> query = Mono.defer(() -> {
                started.add(tenant);
                finishers.add(finisher);
                return finisher.asMono();
            });
            subscriptions.add(lanes.run(tenant, query).subscribe(outcomes::add, outcomes::add));
        }
        return subscriptions;
    }

    private void finish(int index) {
        finishers.get(index).tryEmitValue("done");
    }

    private double running() {
        return meters.get("analyst.execution.queries.running").gauge().value();
    }

    private double waiting() {
        return meters.get("analyst.execution.queries.waiting").gauge().value();
    }

    private static ExecutionProperties properties(int perTenant, int global, int waitingPerTenant, Duration maxWait) {
        return new ExecutionProperties(
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                new ExecutionProperties.Rows(1000, 10000),
                new ExecutionProperties.Cache(Duration.ofMinutes(10), Duration.ofMillis(250), Duration.ofSeconds(10)),
                new ExecutionProperties.External(4, Duration.ofSeconds(5), Duration.ofMinutes(5)),
                new ExecutionProperties.Bulkhead(perTenant, global, waitingPerTenant, maxWait),
                new ExecutionProperties.Cost(5e7),
                "unused");
    }
}
