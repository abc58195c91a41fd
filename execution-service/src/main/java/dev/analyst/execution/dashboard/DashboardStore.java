package dev.analyst.execution.dashboard;

import dev.analyst.contracts.Topic;
import dev.analyst.contracts.dashboard.Dashboard;
import dev.analyst.contracts.dashboard.DashboardPublished;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Every dataset's current dashboard, in memory, read from the compacted dashboards topic: this is where
 * pinned charts survive a restart. A change waits until the topic has been read up to where it ended
 * when the wait began ({@link #caughtUp}), so a pin made before the restart is never drawn over.
 */
@Component
class DashboardStore {

    private static final Logger log = LoggerFactory.getLogger(DashboardStore.class);

    private static final Comparator<DashboardPublished> NEWEST = Comparator.comparingLong(
                    (DashboardPublished published) -> published.dashboard().datasetVersion())
            .thenComparing(DashboardPublished::occurredAt);

    private final Map<UUID, DashboardPublished> dashboards = new ConcurrentHashMap<>();

    /** The next offset to read of each partition of the dashboards topic. */
    private final Map<Integer, Long> positions = new ConcurrentHashMap<>();

    private final ConsumerFactory<?, ?> consumers;

    private volatile boolean caughtUp;

    DashboardStore(ConsumerFactory<?, ?> consumers) {
        this.consumers = consumers;
    }

    /** Keeps the dashboard unless a newer one (a later version, or drawn later) is known. */
    void accept(DashboardPublished published) {
        dashboards.merge(
                published.datasetId(),
                published,
                (known, offered) -> NEWEST.compare(offered, known) >= 0 ? offered : known);
    }

    void remove(UUID datasetId) {
        dashboards.remove(datasetId);
    }

    /** Notes that a partition was read up to {@code offset}. */
    void read(int partition, long offset) {
        positions.merge(partition, offset + 1, Math::max);
    }

    Optional<Dashboard> current(UUID datasetId) {
        return Optional.ofNullable(dashboards.get(datasetId)).map(DashboardPublished::dashboard);
    }

    /**
     * Completes once every partition of the dashboards topic has been read to the end it had when this
     * was first asked, or after {@code wait} (logged) so that a broker problem does not stop dashboards.
     */
    Mono<Void> caughtUp(Duration wait) {
        if (caughtUp) {
            return Mono.empty();
        }
        return Mono.fromCallable(this::endOffsets)
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(ends -> Flux.interval(Duration.ZERO, Duration.ofMillis(50))
                        .filter(tick -> ends.entrySet().stream()
                                .allMatch(end -> positions.getOrDefault(end.getKey(), 0L) >= end.getValue()))
                        .next())
                .timeout(wait)
                .doOnSuccess(done -> caughtUp = true)
                .onErrorResume(e -> {
                    log.warn("Dashboards were not all read back within {}; going on with those known", wait);
                    return Mono.empty();
                })
                .then();
    }

    private Map<Integer, Long> endOffsets() {
        var partitions = IntStream.range(0, Topic.PARTITIONS)
                .mapToObj(partition -> new TopicPartition(Topic.DASHBOARDS.topicName(), partition))
                .toList();
        try (var consumer = consumers.createConsumer()) {
            return consumer.endOffsets(partitions, Duration.ofSeconds(10)).entrySet().stream()
                    .filter(end -> end.getValue() > 0)
                    .collect(Collectors.toMap(end -> end.getKey().partition(), Map.Entry::getValue));
        }
    }
}
