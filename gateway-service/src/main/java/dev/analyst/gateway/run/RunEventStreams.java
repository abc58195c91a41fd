package dev.analyst.gateway.run;

import dev.analyst.gateway.GatewayProperties;
import io.micrometer.core.instrument.Counter;
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
import reactor.util.concurrent.Queues;
import reactor.util.retry.Retry;

/**
 * A run's events as server-sent events: first what the run's Redis stream holds after the client's
 * last event id, then live entries from the shared subscription, each exactly once and in order,
 * ending after the terminal event. Closing the stream cancels nothing but the stream.
 *
 * <p>Memory per stream is bounded: live entries wait in a buffer of {@code analyst.gateway.sse.buffer-size}
 * for a client reading slower than they come; when it overflows, the stream lets them go and reads on
 * from Redis after the last entry it sent, where every entry of the run is kept.
 */
@Component
public final class RunEventStreams {

    /** The event a client gets instead of entries that have expired: the run's state and where its answer is. */
    static final String RESYNC = "resync";

    private final RunStreams streams;
    private final RunEventHub hub;
    private final Duration heartbeat;
    private final int bufferSize;
    private final AtomicInteger connections = new AtomicInteger();
    private final Counter catchUps;

    RunEventStreams(RunStreams streams, RunEventHub hub, GatewayProperties properties, MeterRegistry registry) {
        this.streams = streams;
        this.hub = hub;
        this.heartbeat = properties.sse().heartbeat();
        this.bufferSize = properties.sse().bufferSize();
        Gauge.builder("analyst.gateway.sse.connections", connections, AtomicInteger::get)
                .description("Open server-sent event streams of runs")
                .register(registry);
        this.catchUps = Counter.builder("analyst.gateway.sse.catch.ups")
                .description("Times a stream's client fell a whole buffer behind and the stream read on from Redis")
                .register(registry);
    }

    /** The whole stream of a run that just started (its caller created it, so it is theirs). */
    public Flux<ServerSentEvent<String>> fromStart(UUID runId) {
        return stream(RunLedger.RunState.running(runId), StreamId.ZERO);
    }

    /**
     * The run's events after {@code after}. When the run's stream has expired and the client is owed
     * something (it resumes from an event id, or the run has ended), it gets one {@code resync} event
     * saying how the run stands and where its messages are, and the stream ends.
     */
    Flux<ServerSentEvent<String>> stream(RunLedger.RunState run, StreamId after) {
        var events = streams.exists(run.runId())
                .flatMapMany(exists -> !exists && (run.finished() || !after.equals(StreamId.ZERO))
                        ? Flux.just(resync(run, after))
                        : entries(run.runId(), new Cursor(after), run.finished())
                                .map(RunEventStreams::toEvent));
        // The first heartbeat goes out at once, so the client sees the stream open before any event. A
        // client too slow to take a heartbeat simply misses it.
        var heartbeats = Flux.interval(Duration.ZERO, heartbeat)
                .onBackpressureDrop()
                .map(tick ->
                        ServerSentEvent.<String>builder().comment("heartbeat").build());
        // Prefetch 1 on the way to the client, so a slow client's demand reaches the live buffer above and
        // nothing queues up unbounded in between.
        return events.publish(shared -> Flux.merge(1, shared, heartbeats.takeUntilOther(shared.count())), 1)
                .doOnSubscribe(subscription -> connections.incrementAndGet())
                .doFinally(signal -> connections.decrementAndGet());
    }

    private Flux<RunStreamEntry> entries(UUID runId, Cursor cursor, boolean runFinished) {
        return Flux.defer(() -> {
                    var live = Sinks.many()
                            .unicast()
                            .<RunStreamEntry>onBackpressureBuffer(
                                    Queues.<RunStreamEntry>get(bufferSize).get());
                    // Listening before the backlog is read: an entry added in between is buffered, not lost.
                    // Past the buffer it fails: the client gets what the buffer holds, then the stream reads on
                    // from Redis after the last entry sent. Later entries bounce off the failed buffer meanwhile.
                    var listening = hub.listen(runId, entry -> {
                        if (live.tryEmitNext(entry) == Sinks.EmitResult.FAIL_OVERFLOW) {
                            catchUps.increment();
                            live.tryEmitError(new FellBehind());
                        }
                    });
                    var rest = Flux.defer(() -> over(runId, cursor, runFinished)
                            .flatMapMany(over -> over ? Flux.<RunStreamEntry>empty() : live.asFlux()));
                    return streams.after(runId, cursor.last())
                            .concatWith(rest)
                            .filter(cursor::advance)
                            .takeUntil(RunStreamEntry::terminal)
                            .doFinally(signal -> listening.dispose());
                })
                // Subscribes afresh from the cursor each time, rather than nesting a new stream in the old.
                .retryWhen(Retry.indefinitely().filter(FellBehind.class::isInstance));
    }

    /**
     * After the backlog: nothing more will come if the client already has a terminal event (one may be
     * followed in Redis by stray entries of a run that kept writing after it was stopped), or if the run
     * finished and its stream has expired.
     */
    private Mono<Boolean> over(UUID runId, Cursor cursor, boolean runFinished) {
        return streams.last(runId)
                .flatMap(last -> last.terminal() && !last.id().isAfter(cursor.last())
                        ? Mono.just(true)
                        : streams.terminalUpTo(runId, cursor.last()))
                .defaultIfEmpty(runFinished);
    }

    private static ServerSentEvent<String> resync(RunLedger.RunState run, StreamId after) {
        var data = """
                {"runId":"%s","status":"%s","conversationId":"%s","messages":"/api/conversations/%s/messages",                "detail":"The events of this run%s are no longer kept; its answer, if any, is in the conversation's messages."}""".formatted(
                        run.runId(),
                        run.status(),
                        run.conversationId(),
                        run.conversationId(),
                        after.equals(StreamId.ZERO) ? "" : " after " + after);
        return ServerSentEvent.<String>builder().event(RESYNC).data(data).build();
    }

    private static ServerSentEvent<String> toEvent(RunStreamEntry entry) {
        return ServerSentEvent.<String>builder()
                .id(entry.id().toString())
                .event(entry.type())
                .data(entry.data())
                .build();
    }

    /** A client a whole buffer behind the run: its stream reads on from Redis instead. */
    private static final class FellBehind extends RuntimeException {
        FellBehind() {
            super("The client fell a whole buffer behind", null, false, false);
        }
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
