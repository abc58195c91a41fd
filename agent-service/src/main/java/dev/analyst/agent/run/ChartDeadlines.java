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
 * Completes answers whose chart execution has not drawn within {@code analyst.agent.chart-wait},
 * without the figure: a chart that is slow or lost never holds an answer back for long. Swept a few
 * times per wait, on every instance (a run is completed once, by whichever moves it first).
 */
@Component
class ChartDeadlines implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChartDeadlines.class);
    private static final Duration FASTEST = Duration.ofMillis(200);
    private static final Duration SLOWEST = Duration.ofSeconds(5);

    private final RunCoordinator coordinator;
    private final Duration interval;
    private volatile Disposable sweeping = Disposables.disposed();

    ChartDeadlines(RunCoordinator coordinator, AgentProperties properties) {
        this.coordinator = coordinator;
        var third = properties.chartWait().dividedBy(3);
        this.interval = third.compareTo(FASTEST) < 0 ? FASTEST : third.compareTo(SLOWEST) > 0 ? SLOWEST : third;
    }

    @Override
    public void start() {
        sweeping = Flux.interval(interval)
                .onBackpressureDrop()
                .concatMap(
                        tick -> coordinator.completeOverdueCharts().onErrorResume(error -> {
                            log.warn("Completing answers past their chart wait failed, retrying: {}", error.toString());
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
