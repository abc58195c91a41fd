package dev.analyst.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.contracts.delivery.Failures;
import dev.analyst.contracts.delivery.Failures.Kind;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import java.net.ConnectException;
import java.time.Duration;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.transaction.CannotCreateTransactionException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shared classification ({@link Failures}, which matches by class name) against the real exceptions
 * of the libraries the gateway's consumers use, as they arrive at the Kafka error handler.
 */
class FailureClassificationTests {

    @Test
    void unavailableDependenciesAreTransient() {
        var refused = new R2dbcNonTransientResourceException(
                "[08003] Cannot connect to localhost:5432", new ConnectException("Connection refused"));

        assertThat(kind(new CannotCreateTransactionException("Could not open R2DBC Connection", refused)))
                .isEqualTo(Kind.TRANSIENT);
        assertThat(kind(new R2dbcTimeoutException("acquire timed out"))).isEqualTo(Kind.TRANSIENT);
        assertThat(kind(new DataAccessResourceFailureException("translated", refused)))
                .isEqualTo(Kind.TRANSIENT);
        assertThat(kind(new QueryTimeoutException("statement timed out"))).isEqualTo(Kind.TRANSIENT);
        assertThat(kind(new RedisConnectionFailureException(
                        "Unable to connect to Redis", new RedisConnectionException("localhost:6379"))))
                .isEqualTo(Kind.TRANSIENT);
        assertThat(kind(new RedisCommandTimeoutException("Command timed out after 2 second(s)")))
                .isEqualTo(Kind.TRANSIENT);
        assertThat(kind(new TimeoutException("Expiring 1 record(s)"))).isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void aTimedOutBlockIsTransient() {
        var timedOut = failureOf(() -> Mono.never().block(Duration.ofMillis(1)));
        var failedBlock = failureOf(
                () -> Mono.error(new RedisConnectionException("localhost:6379")).block());

        assertThat(timedOut).isInstanceOf(IllegalStateException.class);
        assertThat(kind(timedOut)).isEqualTo(Kind.TRANSIENT);
        assertThat(kind(failedBlock)).isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void anUnreadableRecordIsPoisonHoweverWrapped() {
        var unreadable = failureOf(() -> JsonMapper.builder().build().readTree("{\"runId\": "));

        assertThat(kind(unreadable)).isEqualTo(Kind.POISON);
        assertThat(kind(new IllegalArgumentException("no run id"))).isEqualTo(Kind.POISON);
    }

    @Test
    void aBrokenQueryOrConstraintIsADefect() {
        assertThat(kind(new R2dbcBadGrammarException("syntax error"))).isEqualTo(Kind.DEFECT);
        assertThat(kind(new DataIntegrityViolationException("duplicate key"))).isEqualTo(Kind.DEFECT);
        assertThat(kind(new NullPointerException())).isEqualTo(Kind.DEFECT);
    }

    // As the container hands a listener's failure to the error handler.
    private static Kind kind(Throwable failure) {
        return Failures.classify(new ListenerExecutionFailedException("Listener failed", failure));
    }

    private static RuntimeException failureOf(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }
}
