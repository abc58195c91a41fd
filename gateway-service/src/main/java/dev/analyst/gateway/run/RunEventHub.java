package dev.analyst.gateway.run;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
    // Listeners by run id, so an entry costs a lookup and its own run's listeners, however many streams
    // other runs have open. Called on the single listener thread; a listener must not block.
    private final Map<String, Set<Consumer<RunStreamEntry>>> listeners = new ConcurrentHashMap<>();
    private volatile @Nullable ReactiveRedisMessageListenerContainer container;
    private volatile @Nullable Disposable subscription;

    RunEventHub(ReactiveRedisConnectionFactory connectionFactory, RunStreams streams) {
        this.connectionFactory = connectionFactory;
        this.streams = streams;
    }

    /** Hands the run's new entries to the listener from now on, until the returned handle is disposed. */
    Disposable listen(UUID runId, Consumer<RunStreamEntry> listener) {
        var id = runId.toString();
        listeners.compute(id, (run, current) -> {
            var updated = current == null ? ConcurrentHashMap.<Consumer<RunStreamEntry>>newKeySet() : current;
            updated.add(listener);
            return updated;
        });
        return () -> listeners.computeIfPresent(id, (run, current) -> {
            current.remove(listener);
            return current.isEmpty() ? null : current;
        });
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
            var entry = streams.parseNotification(message.getMessage());
            var ofRun = listeners.get(entry.runId());
            if (ofRun != null) {
                ofRun.forEach(listener -> listener.accept(entry));
            }
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
