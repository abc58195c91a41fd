package dev.analyst.gateway.run;

import dev.analyst.gateway.GatewayProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A run's events as server-sent events: first what the run's Redis stream holds after the client's
 * last event id, then live entries from the shared subscription, each exactly once and in order,
 * ending after the terminal event. Closing the stream cancels nothing but the stream.
 */
@Component
public final class RunEventStreams {

    private final RunStreams streams;
    private final RunEventHub hub;
    private final Duration heartbeat;
    private final AtomicInteger connections = new AtomicInteger();

    RunEventStreams(RunStreams streams, RunEventHub hub, GatewayProperties properties, MeterRegistry registry) {
        this.streams = streams;
        this.hub = hub;
        this.heartbeat = properties.sse().heartbeat();
        Gauge.builder("analyst.gateway.sse.connections", connections, AtomicInteger::get)
                .description("Open server-sent event streams of runs")
                .register(registry);
    }

    /** The whole stream of a run that just started (its caller created it, so it is theirs). */
    public Flux<ServerSentEvent<String>> fromStart(UUID runId) {
        return stream(runId, StreamId.ZERO, false);
    }

    /**
     * The run's events after {@code after}.
     *
     * @param runFinished whether the run had ended when the client connected: with no stream left
     *     (its events expired) the SSE stream then ends at once instead of waiting forever
     */
    Flux<ServerSentEvent<String>> stream(UUID runId, StreamId after, boolean runFinished) {
        var events = entries(runId, after, runFinished).map(RunEventStreams::toEvent);
        // The first heartbeat goes out at once, so the client sees the stream open before any event.
        var heartbeats = Flux.interval(Duration.ZERO, heartbeat)
                .map(tick ->
                        ServerSentEvent.<String>builder().comment("heartbeat").build());
        return events.publish(shared -> Flux.merge(shared, heartbeats.takeUntilOther(shared.count())))
                .doOnSubscribe(subscription -> connections.incrementAndGet())
                .doFinally(signal -> connections.decrementAndGet());
    }

    private Flux<RunStreamEntry> entries(UUID runId, StreamId after, boolean runFinished) {
        return Flux.defer(() -> {
            var live = Sinks.many().unicast().<RunStreamEntry>onBackpressureBuffer();
            // Subscribed before the backlog is read: an entry added in between is buffered here, not lost.
            var subscription = hub.live(runId).subscribe(live::tryEmitNext);
            var cursor = new Cursor(after);
            var rest = Flux.defer(() -> over(runId, cursor, runFinished)
                    .flatMapMany(over -> over ? Flux.<RunStreamEntry>empty() : live.asFlux()));
            return streams.after(runId, after)
                    .concatWith(rest)
                    .filter(cursor::advance)
                    .takeUntil(RunStreamEntry::terminal)
                    .doFinally(signal -> subscription.dispose());
        });
    }

    /**
     * After the backlog: nothing more will come if the stream ends with a terminal event the client
     * already has, or if the run finished and its stream has expired.
     */
    private Mono<Boolean> over(UUID runId, Cursor cursor, boolean runFinished) {
        return streams.last(runId)
                .map(last -> last.terminal() && !last.id().isAfter(cursor.last()))
                .defaultIfEmpty(runFinished);
    }

    private static ServerSentEvent<String> toEvent(RunStreamEntry entry) {
        return ServerSentEvent.<String>builder()
                .id(entry.id().toString())
                .event(entry.type())
                .data(entry.data())
                .build();
    }

    /** The id of the last entry sent; only entries after it go out. */
    private static final class Cursor {

        private volatile StreamId last;

        Cursor(StreamId start) {
            this.last = start;
        }

        boolean advance(RunStreamEntry entry) {
            if (!entry.id().isAfter(last)) {
                return false;
            }
            last = entry.id();
            return true;
        }

        StreamId last() {
            return last;
        }
    }
}
