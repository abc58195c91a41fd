package dev.analyst.contracts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.contracts.delivery.Failures.Kind;
import io.lettuce.core.RedisConnectionException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shared classification, with real JDK and Jackson exceptions and lookalikes (same names, in the test
 * sources) of the Spring, R2DBC and Lettuce ones contracts does not depend on.
 */
class FailuresTests {

    @Test
    void aRecordThatDoesNotParseIsPoison() {
        var unreadable = catchFailure(() -> JsonMapper.builder().build().readTree("{not json"));

        assertThat(Failures.classify(unreadable)).isEqualTo(Kind.POISON);
        assertThat(Failures.classify(new RuntimeException("listener failed", unreadable)))
                .isEqualTo(Kind.POISON);
        assertThat(Failures.classify(new IllegalArgumentException("no run id"))).isEqualTo(Kind.POISON);
    }

    @Test
    void aServiceAddsItsOwnPoisonTypes() {
        var invalid = new InvalidEvent();

        assertThat(Failures.classify(invalid)).isEqualTo(Kind.DEFECT);
        assertThat(Failures.classify(new RuntimeException(invalid), List.of(InvalidEvent.class)))
                .isEqualTo(Kind.POISON);
    }

    @Test
    void anUnavailableDependencyAnywhereInTheChainIsTransient() {
        var refused = new R2dbcNonTransientResourceException(
                "Cannot connect to localhost/127.0.0.1:5432", new ConnectException("Connection refused"));

        assertThat(Failures.classify(refused)).isEqualTo(Kind.TRANSIENT);
        assertThat(Failures.classify(new DataAccessResourceFailureException("translated", new RuntimeException())))
                .isEqualTo(Kind.TRANSIENT);
        assertThat(Failures.classify(new RuntimeException(new R2dbcTimeoutException("acquire"))))
                .isEqualTo(Kind.TRANSIENT);
        assertThat(Failures.classify(new RedisConnectionException("Unable to connect to localhost:6379")))
                .isEqualTo(Kind.TRANSIENT);
        assertThat(Failures.classify(new UncheckedIOException(new java.net.SocketException("Connection reset"))))
                .isEqualTo(Kind.TRANSIENT);
        assertThat(Failures.classify(new java.net.ConnectException("Connection refused")))
                .isEqualTo(Kind.TRANSIENT);
        // An I/O failure that waiting will not mend is a defect, not an outage.
        assertThat(Failures.classify(new UncheckedIOException(new java.io.FileNotFoundException("gone"))))
                .isEqualTo(Kind.DEFECT);
        assertThat(Failures.classify(new SQLTransientConnectionException("pool timed out")))
                .isEqualTo(Kind.TRANSIENT);
        assertThat(Failures.classify(new SQLException("refused", "08001"))).isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void aTimedOutBlockIsTransientAndSoIsAFailureSuppressedInto() {
        var timedOut = new IllegalStateException(
                "Timeout on blocking read for 30000000000 NANOSECONDS", new TimeoutException("Timeout"));
        var olderReactor = new IllegalStateException("Timeout on blocking read for 30000000000 NANOSECONDS");
        var withSuppressed = new RuntimeException("failed");
        withSuppressed.addSuppressed(new ConnectException("Connection refused"));

        assertThat(Failures.classify(timedOut)).isEqualTo(Kind.TRANSIENT);
        assertThat(Failures.classify(olderReactor)).isEqualTo(Kind.TRANSIENT);
        assertThat(Failures.classify(withSuppressed)).isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void anythingElseIsADefect() {
        assertThat(Failures.classify(new NullPointerException())).isEqualTo(Kind.DEFECT);
        assertThat(Failures.classify(new IllegalStateException("no such run"))).isEqualTo(Kind.DEFECT);
        assertThat(Failures.classify(new SQLException("duplicate key", "23505")))
                .isEqualTo(Kind.DEFECT);
    }

    @Test
    void poisonWinsOverTransient() {
        // Whatever else went wrong on the way, a record that cannot be read will never be read.
        var failure = new IllegalArgumentException("bad payload", new IOException("while reading"));

        assertThat(Failures.classify(failure)).isEqualTo(Kind.POISON);
    }

    @Test
    void aCyclicChainEnds() {
        var first = new RuntimeException("first");
        var second = new RuntimeException("second", first);
        first.addSuppressed(second);

        assertThat(Failures.classify(second)).isEqualTo(Kind.DEFECT);
    }

    @Test
    void transientFailuresRetryWithoutLimitPoisonNeverDefectsAFewTimes() {
        assertThat(Failures.retries(Kind.TRANSIENT).maxRetries()).isEqualTo(Failures.UNLIMITED);
        assertThat(Failures.retries(Kind.TRANSIENT).maxIntervalMillis()).isBetween(1_000L, 10_000L);
        assertThat(Failures.retries(Kind.POISON).maxRetries()).isZero();
        assertThat(Failures.retries(Kind.DEFECT).maxRetries()).isBetween(1L, 10L);
    }

    private static RuntimeException catchFailure(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }

    private static final class InvalidEvent extends RuntimeException {}
}
