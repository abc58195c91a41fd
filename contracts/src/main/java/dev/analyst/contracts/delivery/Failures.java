package dev.analyst.contracts.delivery;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Sorts the failure of a consumed event into what its retry policy depends on, the same way in every
 * service:
 *
 * <ul>
 *   <li>{@link Kind#POISON}: the record itself is bad (it does not parse or fails validation). It fails the
 *       same way every time, so it goes to its topic's dead-letter topic at once.
 *   <li>{@link Kind#TRANSIENT}: a dependency (PostgreSQL, Redis, Kafka, a remote service) is unavailable
 *       or slow. Retrying is right for as long as it takes: nothing behind the record on its partition
 *       could succeed either, and a perfectly good event must never end on a dead-letter topic because
 *       the database was down for a minute.
 *   <li>{@link Kind#DEFECT}: anything else, a bug most likely. A few retries, then the dead-letter topic.
 * </ul>
 *
 * <p>A failure is poison if any throwable in its chain (causes and suppressed exceptions) is, otherwise
 * transient if any is: a bad record stays bad whatever the wrapping, and the storage or client libraries
 * wrap their connection failures in their own exception types.
 *
 * <p>Types are matched by the names of each throwable's classes, superclasses included, not with
 * {@code instanceof}: contracts depends on no Spring, R2DBC, Lettuce or Kafka library, and a service has
 * only some of them on its class path.
 */
public final class Failures {

    /** What a failure says about its record. */
    public enum Kind {
        POISON,
        TRANSIENT,
        DEFECT
    }

    /**
     * A retry schedule in plain numbers, from which each service builds its Kafka error handler's back off.
     * Delays start at {@code initialIntervalMillis}, grow by {@code multiplier} up to {@code
     * maxIntervalMillis}; after {@code maxRetries} retries the record is dead-lettered.
     */
    public record Retries(long initialIntervalMillis, double multiplier, long maxIntervalMillis, long maxRetries) {}

    /** Retries that never run out. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    // Capped at a few seconds: a consumer sleeping out its back off does not poll, and a short cap both
    // keeps it well inside max.poll.interval.ms (so it is not expelled from its group) and resumes
    // promptly once the dependency is back.
    private static final Retries TRANSIENT_RETRIES = new Retries(200, 2.0, 5_000, UNLIMITED);

    private static final Retries DEFECT_RETRIES = new Retries(200, 2.0, 2_000, 4);

    private static final Retries NO_RETRIES = new Retries(0, 1.0, 0, 0);

    /** Failures of the record itself, in any service: unreadable JSON, invalid arguments, undecodable payloads. */
    private static final Set<String> POISON_TYPES = Set.of(
            "tools.jackson.core.JacksonException",
            "com.fasterxml.jackson.core.JacksonException",
            "java.lang.IllegalArgumentException",
            "org.springframework.kafka.support.serializer.DeserializationException",
            "org.springframework.kafka.support.converter.ConversionException",
            "org.springframework.messaging.converter.MessageConversionException");

    /** Failures of a dependency that is unavailable or slow. */
    private static final Set<String> TRANSIENT_TYPES = Set.of(
            // Spring's translations of R2DBC, JDBC and Redis failures (connection failures, timeouts, locks).
            "org.springframework.dao.TransientDataAccessException",
            "org.springframework.dao.DataAccessResourceFailureException",
            "org.springframework.dao.RecoverableDataAccessException",
            // Untranslated R2DBC: connection refused is reported as a non-transient resource exception.
            "io.r2dbc.spi.R2dbcTransientException",
            "io.r2dbc.spi.R2dbcNonTransientResourceException",
            "java.sql.SQLTransientException",
            "java.sql.SQLRecoverableException",
            "io.lettuce.core.RedisConnectionException",
            "io.lettuce.core.RedisCommandTimeoutException",
            "org.apache.kafka.common.errors.RetriableException",
            "org.apache.kafka.common.errors.TimeoutException",
            // An open circuit breaker: its dependency failed often enough to stop calling it for a while.
            "io.github.resilience4j.circuitbreaker.CallNotPermittedException",
            // Also the cause Reactor gives the IllegalStateException of a timed out block(Duration).
            "java.util.concurrent.TimeoutException",
            // Network failures only: other I/O errors (a file not found, bad encoding) will not pass by waiting.
            "java.net.SocketException",
            "java.net.SocketTimeoutException",
            "java.net.http.HttpTimeoutException",
            "java.nio.channels.ClosedChannelException");

    private Failures() {}

    /** Classifies a failure, with the service's own poison types (its "invalid event" exceptions) added. */
    public static Kind classify(Throwable failure, Collection<Class<? extends Throwable>> servicePoisonTypes) {
        if (isPoison(failure, servicePoisonTypes)) {
            return Kind.POISON;
        }
        return isTransient(failure) ? Kind.TRANSIENT : Kind.DEFECT;
    }

    /** Classifies a failure with only the shared poison types. */
    public static Kind classify(Throwable failure) {
        return classify(failure, List.of());
    }

    /** Whether the record is bad: retrying it cannot help. */
    public static boolean isPoison(Throwable failure, Collection<Class<? extends Throwable>> servicePoisonTypes) {
        return anyInChain(
                failure,
                throwable -> isNamed(throwable, POISON_TYPES)
                        || servicePoisonTypes.stream().anyMatch(type -> type.isInstance(throwable)));
    }

    /** Whether a dependency was unavailable or slow: the same record will succeed once it is back. */
    public static boolean isTransient(Throwable failure) {
        return anyInChain(
                failure,
                throwable -> isNamed(throwable, TRANSIENT_TYPES)
                        || isConnectionSqlState(throwable)
                        || isBlockTimeout(throwable));
    }

    /** The retry schedule of a kind of failure. */
    public static Retries retries(Kind kind) {
        return switch (kind) {
            case POISON -> NO_RETRIES;
            case TRANSIENT -> TRANSIENT_RETRIES;
            case DEFECT -> DEFECT_RETRIES;
        };
    }

    // A JDBC driver reports a refused or broken connection as a plain SQLException with a state of class
    // 08 (connection exception), or 57P01-57P03 when PostgreSQL is shutting down or starting up.
    private static boolean isConnectionSqlState(Throwable throwable) {
        if (throwable instanceof SQLException sql && sql.getSQLState() != null) {
            var state = sql.getSQLState();
            return state.startsWith("08") || state.startsWith("57P0");
        }
        return false;
    }

    // Reactor's block(Duration) throws IllegalStateException("Timeout on blocking read for ..."); recent
    // versions attach a TimeoutException cause, older ones only the message.
    private static boolean isBlockTimeout(Throwable throwable) {
        return throwable instanceof IllegalStateException
                && throwable.getMessage() != null
                && throwable.getMessage().startsWith("Timeout on blocking read");
    }

    private static boolean isNamed(Throwable throwable, Set<String> names) {
        for (Class<?> type = throwable.getClass(); type != null; type = type.getSuperclass()) {
            if (names.contains(type.getName())) {
                return true;
            }
        }
        return false;
    }

    // Causes and suppressed exceptions (Reactor adds the original error as suppressed), each visited once.
    private static boolean anyInChain(Throwable failure, Predicate<Throwable> test) {
        var seen = Collections.newSetFromMap(new IdentityHashMap<Throwable, Boolean>());
        var pending = new ArrayDeque<Throwable>();
        pending.add(failure);
        while (!pending.isEmpty()) {
            var throwable = pending.poll();
            if (!seen.add(throwable)) {
                continue;
            }
            if (test.test(throwable)) {
                return true;
            }
            if (throwable.getCause() != null) {
                pending.add(throwable.getCause());
            }
            pending.addAll(List.of(throwable.getSuppressed()));
        }
        return false;
    }
}
