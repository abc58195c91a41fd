package dev.analyst.gateway.run;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.ReactiveSubscription;
import org.springframework.data.redis.connection.SubscriptionListener;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * The one Redis pub/sub subscription of this instance, shared by all of its SSE streams. It is
 * confirmed before the instance serves traffic, so a stream that subscribes here and then reads the
 * run's backlog cannot miss an entry added in between.
 */
@Component
class RunEventHub implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunEventHub.class);
    private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(30);

    private final ReactiveRedisConnectionFactory connectionFactory;
    private final RunStreams streams;
    // Emitted from the single listener thread; a slow stream buffers on its own side, never blocks others.
    private final Sinks.Many<RunStreamEntry> entries = Sinks.many().multicast().directBestEffort();
    private volatile @Nullable ReactiveRedisMessageListenerContainer container;
    private volatile @Nullable Disposable subscription;

    RunEventHub(ReactiveRedisConnectionFactory connectionFactory, RunStreams streams) {
        this.connectionFactory = connectionFactory;
        this.streams = streams;
    }

    /** New entries of the run, from the moment of subscription; a hot feed that never completes. */
    Flux<RunStreamEntry> live(UUID runId) {
        var id = runId.toString();
        return entries.asFlux().filter(entry -> entry.runId().equals(id));
    }

    @Override
    public void start() {
        var listenerContainer = new ReactiveRedisMessageListenerContainer(connectionFactory);
        var subscribed = new CountDownLatch(1);
        var listener = new SubscriptionListener() {
            @Override
            public void onChannelSubscribed(byte[] channel, long count) {
                subscribed.countDown();
            }
        };
        container = listenerContainer;
        subscription = Flux.defer(
                        () -> listenerContainer.receive(List.of(ChannelTopic.of(RunStreams.CHANNEL)), listener))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100))
                        .maxBackoff(Duration.ofSeconds(5))
                        .doBeforeRetry(
                                signal -> log.warn("Run event subscription lost; resubscribing", signal.failure())))
                // A subscription that ends without an error (a closed connection) is renewed too.
                .repeatWhen(completions -> completions.delayElements(Duration.ofMillis(500)))
                .subscribe(this::dispatch);
        try {
            if (!subscribed.await(SUBSCRIBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Redis did not confirm the subscription to " + RunStreams.CHANNEL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while subscribing to " + RunStreams.CHANNEL, e);
        }
    }

    private void dispatch(ReactiveSubscription.Message<String, String> message) {
        try {
            entries.tryEmitNext(streams.parseNotification(message.getMessage()));
        } catch (RuntimeException e) {
            log.warn("Ignoring a malformed run event notification", e);
        }
    }

    @Override
    public void stop() {
        var running = subscription;
        if (running != null) {
            running.dispose();
            subscription = null;
        }
        var listenerContainer = container;
        if (listenerContainer != null) {
            listenerContainer.destroyLater().subscribe();
            container = null;
        }
    }

    @Override
    public boolean isRunning() {
        return subscription != null;
    }

    @Override
    public int getPhase() {
        // Before the web server starts taking requests (and before the Kafka listeners start).
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
