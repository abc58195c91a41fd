package dev.analyst.execution.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.contracts.step.StepError;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlStatesTests {

    @ParameterizedTest
    @CsvSource({
        "42601, SYNTAX",
        "42P01, UNKNOWN_OBJECT",
        "42703, UNKNOWN_OBJECT",
        "42883, UNKNOWN_OBJECT",
        "42804, TYPE_MISMATCH",
        "22P02, TYPE_MISMATCH",
        "42846, TYPE_MISMATCH",
        "57014, TIMEOUT",
        "42501, PERMISSION",
        "42803, SYNTAX",
        "22012, TYPE_MISMATCH",
        "25006, REJECTED",
        "53300, INTERNAL",
        "28P01, INTERNAL"
    })
    void classifiesPostgresErrors(String sqlState, StepError expected) {
        assertThat(SqlStates.classify(sqlState)).isEqualTo(expected);
    }

    @Test
    void keepsConnectionDetailsOutOfInternalErrors() {
        var refused = new R2dbcNonTransientResourceException(
                "password authentication failed for user \"analyst\" at db.internal:5432", "28P01");

        QueryFailed failed = SqlStates.toQueryFailed(refused, Duration.ofSeconds(10));

        assertThat(failed.error()).isEqualTo(StepError.INTERNAL);
        assertThat(failed.getMessage()).doesNotContain("analyst").doesNotContain("db.internal");
    }
}
