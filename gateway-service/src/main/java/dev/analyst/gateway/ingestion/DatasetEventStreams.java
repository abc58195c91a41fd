package dev.analyst.gateway.ingestion;

import dev.analyst.gateway.GatewayProperties;
import dev.analyst.gateway.run.StreamId;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A dataset's load progress as server-sent events: what its Redis stream holds, then new entries as
 * they arrive, each once and in order, ending after the load's terminal event ({@code IngestionProgressed}
 * of phase {@code done}, or {@code DatasetFailed}). New entries are found by polling the stream (every
 * 250 ms by default): a progress bar needs no more, and no subscription or blocking read is held per stream.
 */
@Component
class DatasetEventStreams {

    /** How long a stream whose load already ended waits for that end to reach Redis. */
    private static final Duration SETTLE = Duration.ofSeconds(2);

    /**
     * How often a stream still waiting asks ingestion whether the load runs: its terminal event is
     * sent without an outbox when it is a failure, and a crash may lose it.
     */
    private static final Duration RECHECK = Duration.ofSeconds(5);

    private final DatasetStreams streams;
    private final Duration heartbeat;
    private final Duration pollInterval;

    DatasetEventStreams(DatasetStreams streams, GatewayProperties properties) {
        this.streams = streams;
        this.heartbeat = properties.sse().heartbeat();
        this.pollInterval = properties.datasetStream().pollInterval();
    }

    /**
     * The dataset's progress events.
     *
     * @param after the last event id the client has; without one, the stream starts at the current load
     * @param loadEnded whether ingestion reported the latest load finished when the client connected
     * @param loading asks ingestion whether the latest load still runs
     */
    Flux<ServerSentEvent<String>> stream(
            UUID datasetId, @Nullable StreamId after, boolean loadEnded, Mono<Boolean> loading) {
        var events = entries(datasetId, after, loadEnded, loading).map(DatasetEventStreams::toEvent);
        var heartbeats = Flux.interval(Duration.ZERO, heartbeat)
                .map(tick ->
                        ServerSentEvent.<String>builder().comment("heartbeat").build());
        return events.publish(shared -> Flux.merge(shared, heartbeats.takeUntilOther(shared.count())));
    }

    private Flux<DatasetStreamEntry> entries(
            UUID datasetId, @Nullable StreamId after, boolean loadEnded, Mono<Boolean> loading) {
        // The load ended without its terminal event reaching Redis: stop waiting once it had time to.
        var endedMeanwhile = Flux.interval(RECHECK, RECHECK)
                .onBackpressureDrop()
                .concatMap(tick -> loading.onErrorReturn(true), 1)
                .filter(running -> !running)
                .next()
                .delayElement(SETTLE);
        return Flux.defer(() -> {
            var cursor = new AtomicReference<>(after == null ? StreamId.ZERO : after);
            return streams.from(datasetId, cursor.get()).collectList().flatMapMany(backlog -> {
                var first = after == null ? currentLoad(backlog, loadEnded, cursor) : backlog;
                var live = Flux.interval(pollInterval, pollInterval)
                        .onBackpressureDrop()
                        .concatMap(tick -> streams.from(datasetId, cursor.get()), 1);
                return Flux.fromIterable(first)
                        .concatWith(loadEnded ? live.take(SETTLE) : live.takeUntilOther(endedMeanwhile))
                        .filter(entry -> advance(cursor, entry))
                        .takeUntil(DatasetStreamEntry::terminal);
            });
        });
    }

    /**
     * The entries of the dataset's latest load. While ingestion says a load is running, a latest load
     * that already ended is an earlier one (the new load's first event is still on its way): it is
     * skipped, and the stream waits for the new one.
     */
    private static List<DatasetStreamEntry> currentLoad(
            List<DatasetStreamEntry> entries, boolean loadEnded, AtomicReference<StreamId> cursor) {
        int start = 0;
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).startsLoad()) {
                start = i;
                break;
            }
        }
        var load = entries.subList(start, entries.size());
        if (!loadEnded && !load.isEmpty() && load.getLast().terminal()) {
            cursor.set(load.getLast().id());
            return List.of();
        }
        return load;
    }

    private static boolean advance(AtomicReference<StreamId> cursor, DatasetStreamEntry entry) {
        // Reads start at the cursor inclusive (entry ids start at 1-0, never 0-0): drop what was sent.
        if (!entry.id().isAfter(cursor.get())) {
            return false;
        }
        cursor.set(entry.id());
        return true;
    }

    private static ServerSentEvent<String> toEvent(DatasetStreamEntry entry) {
        return ServerSentEvent.<String>builder()
                .id(entry.id().toString())
                .event(entry.type())
                .data(entry.data())
                .build();
    }
}
