package dev.analyst.analytics.ledger;

import dev.analyst.analytics.AnalyticsProperties;
import java.util.UUID;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Fans each newly recorded call out to the dashboards listening, as a server-sent {@code usage} event
 * with the call's event id as its id. Nothing is replayed: a client sees the calls recorded while it
 * listens. Each client has its own bounded buffer, which drops its oldest update when full, so a slow
 * reader never holds up the listener or the other clients.
 */
@Component
class UsageStream {

    private final Sinks.Many<ServerSentEvent<UsageUpdate>> sink =
            Sinks.many().multicast().directBestEffort();
    private final AnalyticsProperties.Stream settings;

    UsageStream(AnalyticsProperties properties) {
        this.settings = properties.stream();
    }

    /** Tells every listening client about a call just written to the ledger. */
    synchronized void recorded(UUID eventId, UsageUpdate update) {
        // Serialised by the monitor, so the only failure left is "nobody is listening", which is fine.
        sink.tryEmitNext(ServerSentEvent.builder(update)
                .id(eventId.toString())
                .event("usage")
                .build());
    }

    /**
     * A client's stream: a {@code ready} event once it is subscribed to updates (anything recorded after
     * that reaches it), the updates, and a heartbeat comment every so often.
     */
    Flux<ServerSentEvent<?>> subscribe() {
        var updates = sink.asFlux()
                .onBackpressureBuffer(settings.bufferSize(), dropped -> {}, BufferOverflowStrategy.DROP_OLDEST);
        var heartbeats = Flux.interval(settings.heartbeat())
                .map(tick -> ServerSentEvent.builder().comment("heartbeat").build());
        // merge subscribes in order: the updates first, so "ready" is only sent once they are wired.
        return Flux.<ServerSentEvent<?>>merge(
                updates, Mono.just(ServerSentEvent.builder().event("ready").build()), heartbeats);
    }
}
