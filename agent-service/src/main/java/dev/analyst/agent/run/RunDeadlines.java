package dev.analyst.agent.run;

import dev.analyst.agent.AgentProperties;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Ends what would otherwise wait forever, on a timer:
 *
 * <ul>
 *   <li>answers whose chart execution has not drawn within {@code analyst.agent.chart-wait} complete
 *       without the figure: a chart that is slow or lost never holds an answer back for long;
 *   <li>runs whose step has not answered within {@code analyst.agent.step-lease} fail as {@code
 *       timed-out}: a lost step (its request or result dead-lettered, say) never leaves a run running.
 * </ul>
 *
 * <p>Swept a few times per wait, on every instance: a run is moved on once, by whichever moves it first,
 * and a result arriving at the same moment as the sweep loses or wins cleanly the same way. A fresh instance
 * judges no lease until it has been up for one: what waited in Kafka while it was down (the results of the
 * very steps whose leases ran out meanwhile) is read first, so a restart never fails a run that was fine.
 */
@Component
class RunDeadlines implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunDeadlines.class);
    private static final Duration FASTEST = Duration.ofMillis(200);
    private static final Duration SLOWEST = Duration.ofSeconds(5);

    private final RunCoordinator coordinator;
    private final Duration interval;
    private final Duration stepLease;
    private volatile Disposable sweeping = Disposables.disposed();

    RunDeadlines(RunCoordinator coordinator, AgentProperties properties) {
        this.coordinator = coordinator;
        this.stepLease = properties.stepLease();
        var shortest = properties.chartWait().compareTo(properties.stepLease()) < 0
                ? properties.chartWait()
                : properties.stepLease();
        var third = shortest.dividedBy(3);
        this.interval = third.compareTo(FASTEST) < 0 ? FASTEST : third.compareTo(SLOWEST) > 0 ? SLOWEST : third;
    }

    @Override
    public void start() {
        var started = System.nanoTime();
        sweeping = Flux.interval(interval)
                .onBackpressureDrop()
                .concatMap(
                        tick -> coordinator
                                .completeOverdueCharts()
                                .then(Mono.defer(() -> System.nanoTime() - started < stepLease.toNanos()
                                        ? Mono.just(0L)
                                        : coordinator.failExpiredLeases()))
                                .onErrorResume(error -> {
                                    // The database may be away for a while: the next tick tries again.
                                    log.warn(
                                            "Sweeping runs past their deadlines failed, retrying: {}",
                                            error.toString());
                                    return Mono.just(0L);
                                }),
                        1)
                .subscribe();
    }

    @Override
    public void stop() {
        sweeping.dispose();
    }

    @Override
    public boolean isRunning() {
        return !sweeping.isDisposed();
    }
}
