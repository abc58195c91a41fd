package dev.analyst.launcher;

import dev.analyst.contracts.Topic;
import dev.analyst.infra.ServerFaults;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inflicts one fault after another on a running suite, dealt from a shuffled deck of every kind (and each
 * kill from a deck of every service), so that a short run meets each kind at least once and a long run meets
 * them in every order; the seed repeats a run's deck. The kinds:
 *
 * <ul>
 *   <li>a service killed with {@code SIGKILL}, at a random moment or near a chosen one: the agent during a
 *       model call (exact: the model holds the call); execution within a poll (200 ms) of a step's result
 *       appearing, around its offset commit; the gateway right after it answered 202 to a question and
 *       ingestion right after it accepted an upload, around their outbox publish; analytics within a poll
 *       of usage appearing, mid-batch; then started again. Only the model call is an exact moment from
 *       outside; the others land near the window, and the random kills cover the rest;
 *   <li>the Kafka broker killed and started again with its log;
 *   <li>PostgreSQL or Redis frozen for a while, then thawed;
 *   <li>records of a topic delivered again, verbatim;
 *   <li>poison records (not JSON) on a consumed topic, remembered: they, and only they, must end in DLTs;
 *   <li>the hosted model hanging for a while.
 * </ul>
 */
final class FaultInjector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FaultInjector.class);

    /** The topics whose consumers a duplicate or a poison record is aimed at. */
    static final List<Topic> CONSUMED =
            List.of(Topic.QUESTIONS, Topic.STEPS, Topic.STEP_RESULTS, Topic.RUN_EVENTS, Topic.USAGE);

    /** The kinds of fault, one card each in the deck. */
    enum Kind {
        KILL_AT_ANY_MOMENT,
        KILL_AT_A_CHOSEN_MOMENT,
        BROKER_RESTART,
        POSTGRES_PAUSE,
        REDIS_PAUSE,
        REDELIVERY,
        POISON,
        MODEL_HANG
    }

    /** A fault as inflicted: what, on what, and when it began and was undone. */
    record Fault(String kind, String target, Instant began, Instant ended) {}

    /** A poison record sent: its topic and the marker its value carries. */
    record Poison(String topic, String marker) {}

    private final Suite suite;
    private final ServerFaults servers;
    private final StandInModel model;
    private final Random random;
    private final Duration spacing;
    private final Duration longestOutage;
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final List<Poison> poison = new CopyOnWriteArrayList<>();
    private final List<Instant> agentKills = new CopyOnWriteArrayList<>();
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();
    private final KafkaProducer<String, String> producer;
    /** The service to kill at the next moment of its kind, if one is armed. */
    private final AtomicReference<Service> armed = new AtomicReference<>();

    private final java.util.Deque<Kind> kinds = new java.util.ArrayDeque<>();
    private final java.util.Deque<Service> victims = new java.util.ArrayDeque<>();

    private volatile boolean running = true;
    private volatile java.util.concurrent.Future<?> dealing =
            java.util.concurrent.CompletableFuture.completedFuture(null);

    FaultInjector(Suite suite, StandInModel model, long seed, Duration spacing, Duration longestOutage) {
        this.suite = suite;
        this.servers = suite.infrastructure()
                .faults()
                .orElseThrow(() -> new IllegalStateException("The fault suite needs its own embedded servers"));
        this.model = model;
        this.random = new Random(seed);
        this.spacing = spacing;
        this.longestOutage = longestOutage;
        this.producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                suite.infrastructure().kafkaBootstrapServers(),
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, 120_000,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000),
                new StringSerializer(),
                new StringSerializer());
        model.onRequest(arrived -> strikeIf(Service.AGENT));
    }

    /** Hooks for the moments the workload sees. */
    void questionAccepted() {
        strikeIf(Service.GATEWAY);
    }

    void uploadAccepted() {
        strikeIf(Service.INGESTION);
    }

    /**
     * Inflicts faults for {@code duration}, and on until every kind has been dealt once if {@code wholeDeck}
     * (a short run that must meet them all); {@link #awaitDealt()} waits for the end.
     */
    void start(Duration duration, boolean wholeDeck) {
        var until = Instant.now().plus(duration);
        work.submit(() -> watch(Topic.STEP_RESULTS, Service.EXECUTION));
        work.submit(() -> watch(Topic.USAGE, Service.ANALYTICS));
        dealing = work.submit(() -> {
            var dealt = 0;
            while (running && (Instant.now().isBefore(until) || (wholeDeck && dealt < Kind.values().length))) {
                try {
                    pause(spacing.toMillis() / 2 + random.nextLong(spacing.toMillis()));
                    injectOne();
                    dealt++;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    log.warn("A fault could not be inflicted: {}", e.toString());
                }
            }
        });
    }

    private void injectOne() throws InterruptedException {
        var began = Instant.now();
        var kind = next(kinds, List.of(Kind.values()));
        switch (kind) {
            case KILL_AT_ANY_MOMENT -> kill(next(victims, List.of(Service.values())), "at a random moment");
            case KILL_AT_A_CHOSEN_MOMENT -> {
                var service = next(victims, List.of(Service.values()));
                armed.set(service);
                var armedAt = Instant.now();
                // The chosen moment comes with the traffic; if it does not, the service dies anyway.
                log.info("Waiting up to 30 s for the chosen moment to kill {}", service.module);
                while (armed.get() == service
                        && Duration.between(armedAt, Instant.now()).toSeconds() < 30) {
                    pause(100);
                }
                if (armed.compareAndSet(service, null)) {
                    kill(service, "at a random moment (its chosen moment did not come)");
                } else {
                    awaitRestart(service, began);
                }
            }
            case BROKER_RESTART -> {
                servers.killKafka();
                pause(1_000 + random.nextInt(5_000));
                servers.startKafka();
                faults.add(new Fault("kill -9 and restart", "kafka broker", began, Instant.now()));
            }
            case POSTGRES_PAUSE, REDIS_PAUSE -> {
                var postgres = kind == Kind.POSTGRES_PAUSE;
                if (postgres) {
                    servers.pausePostgres();
                } else {
                    servers.pauseRedis();
                }
                try {
                    pause(2_000 + random.nextLong(longestOutage.toMillis()));
                } finally {
                    if (postgres) {
                        servers.resumePostgres();
                    } else {
                        servers.resumeRedis();
                    }
                }
                faults.add(new Fault("paused and resumed", postgres ? "postgresql" : "redis", began, Instant.now()));
            }
            case REDELIVERY -> {
                var topic = CONSUMED.get(random.nextInt(CONSUMED.size()));
                var copies = redeliver(topic.topicName(), 1 + random.nextInt(20));
                faults.add(
                        new Fault("delivered again (" + copies + " records)", topic.topicName(), began, Instant.now()));
            }
            case POISON -> {
                var topic = CONSUMED.get(random.nextInt(CONSUMED.size())).topicName();
                var marker = "poison-" + UUID.randomUUID();
                var value = random.nextBoolean() ? "{\"type\": \"" + marker + "\"" : "not json " + marker;
                producer.send(new ProducerRecord<>(topic, UUID.randomUUID().toString(), value));
                producer.flush();
                poison.add(new Poison(topic, marker));
                faults.add(new Fault("poison record", topic, began, Instant.now()));
            }
            case MODEL_HANG -> {
                var until = Instant.now().plus(Duration.ofMillis(3_000 + random.nextLong(longestOutage.toMillis())));
                model.hangUntil(until);
                pause(Duration.between(Instant.now(), until).toMillis());
                faults.add(new Fault("hangs", "hosted model", began, Instant.now()));
            }
        }
    }

    /** The next card of a deck, shuffling a fresh one when it is empty. */
    private <T> T next(java.util.Deque<T> deck, List<T> cards) {
        if (deck.isEmpty()) {
            var shuffled = new ArrayList<>(cards);
            java.util.Collections.shuffle(shuffled, random);
            deck.addAll(shuffled);
        }
        return deck.poll();
    }

    /** Kills the armed service if {@code service} is the one armed; the restart runs on its own. */
    private void strikeIf(Service service) {
        if (armed.compareAndSet(service, null)) {
            var began = Instant.now();
            log.info("Killing {} at its chosen moment", service.module);
            suite.kill(service);
            if (service == Service.AGENT) {
                agentKills.add(began);
            }
            work.submit(() -> restart(service, began, "at its chosen moment"));
        }
    }

    private void kill(Service service, String when) throws InterruptedException {
        var began = Instant.now();
        suite.kill(service);
        if (service == Service.AGENT) {
            agentKills.add(began);
        }
        restart(service, began, when);
    }

    private void restart(Service service, Instant began, String when) {
        try {
            pause(500 + random.nextInt(3_000));
            suite.restart(service);
            faults.add(new Fault("kill -9 " + when + " and restart", service.module, began, Instant.now()));
        } catch (Exception e) {
            log.warn("Restarting {} failed: {}", service.module, e.toString());
        }
    }

    /** Waits until a chosen-moment kill has been followed by its restart. */
    private void awaitRestart(Service service, Instant began) throws InterruptedException {
        var deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)
                && faults.stream()
                        .noneMatch(fault -> fault.target().equals(service.module)
                                && !fault.began().isBefore(began))) {
            pause(200);
        }
    }

    /** Kills {@code service} the moment a record of {@code topic} appears, while it is armed. */
    private void watch(Topic topic, Service service) {
        log.info("Watching {} for the moment to kill {}", topic.topicName(), service.module);
        try (var consumer = consumer("faults-watch-" + UUID.randomUUID())) {
            consumer.subscribe(List.of(topic.topicName()));
            while (running) {
                try {
                    if (!consumer.poll(Duration.ofMillis(200)).isEmpty()) {
                        strikeIf(service);
                    }
                } catch (RuntimeException brokerAway) {
                    pause(1_000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A watcher that dies would quietly turn every chosen moment into a random one: say so.
            log.warn("Watching {} stopped: {}", topic.topicName(), e.toString());
        }
    }

    /** Sends the newest {@code count} records of each partition again, keys, values and headers as they were. */
    private int redeliver(String topic, int count) {
        var copies = 0;
        try (var consumer = consumer("faults-redeliver-" + UUID.randomUUID())) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            var ends = consumer.endOffsets(partitions);
            for (var partition : partitions) {
                consumer.seek(partition, Math.max(0, ends.get(partition) - count));
            }
            var records = consumer.poll(Duration.ofSeconds(2));
            for (var record : records) {
                var copy = new ProducerRecord<>(topic, null, record.key(), record.value(), record.headers());
                producer.send(copy);
                copies++;
            }
            producer.flush();
        }
        return copies;
    }

    private KafkaConsumer<String, String> consumer(String group) {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        suite.infrastructure().kafkaBootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        group,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "latest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new StringDeserializer());
    }

    /** Waits until the last fault has been dealt and undone. */
    void awaitDealt() throws InterruptedException {
        try {
            dealing.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Stops inflicting faults and undoes any in progress: every server thawed and running, every service up. */
    void stop() throws InterruptedException {
        running = false;
        armed.set(null);
        work.shutdown();
        if (!work.awaitTermination(4, TimeUnit.MINUTES)) {
            work.shutdownNow();
        }
        model.hangUntil(Instant.now());
        servers.resumePostgres();
        servers.resumeRedis();
        servers.startKafka();
        for (var service : Service.values()) {
            if (!suite.isAlive(service)) {
                try {
                    suite.restart(service);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
    }

    List<Fault> faults() {
        return new ArrayList<>(faults);
    }

    List<Poison> poison() {
        return List.copyOf(poison);
    }

    List<Instant> agentKills() {
        return List.copyOf(agentKills);
    }

    private static void pause(long millis) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(Math.max(0, millis));
    }

    @Override
    public void close() {
        running = false;
        work.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }
}
