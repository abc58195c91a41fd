package dev.analyst.ingestion.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TypeInferenceTests {

    private static ColumnType infer(String... cells) {
        var inference = new TypeInference();
        Arrays.stream(cells).forEach(inference::accept);
        return inference.type();
    }

    @Test
    void wholeNumbersAreBigint() {
        assertThat(infer("13300000", "-5", " 42 ", "+7")).isEqualTo(ColumnType.BIGINT);
    }

    @Test
    void decimalsAreExactNumeric() {
        assertThat(infer("1", "2.50", ".5", "-3.25")).isEqualTo(ColumnType.NUMERIC);
    }

    @Test
    void scientificNotationIsDoublePrecision() {
        assertThat(infer("1.5e3", "2", "3.1E-2")).isEqualTo(ColumnType.DOUBLE);
    }

    @Test
    void integersBeyondBigintAreNumeric() {
        assertThat(infer("1", "99999999999999999999")).isEqualTo(ColumnType.NUMERIC);
    }

    @Test
    void codesWithLeadingZerosStayText() {
        assertThat(infer("01234", "98765")).isEqualTo(ColumnType.TEXT);
    }

    @Test
    void isoDatesAreDates() {
        assertThat(infer("2021-01-31", "2024-02-29")).isEqualTo(ColumnType.DATE);
    }

    @Test
    void impossibleDatesAreText() {
        assertThat(infer("2021-02-30")).isEqualTo(ColumnType.TEXT);
    }

    @Test
    void isoTimestampsAreTimestamps() {
        assertThat(infer("2021-01-31T10:15:30", "2021-02-01 08:00", "2021-03-01"))
                .isEqualTo(ColumnType.TIMESTAMP);
    }

    @Test
    void timestampsWithOffsetsAreTimestampsWithTimeZone() {
        assertThat(infer("2021-01-31T10:15:30Z", "2021-01-31T10:15:30+02:00")).isEqualTo(ColumnType.TIMESTAMPTZ);
    }

    @Test
    void yesNoAndTrueFalseStayText() {
        assertThat(infer("yes", "no")).isEqualTo(ColumnType.TEXT);
        assertThat(infer("true", "false")).isEqualTo(ColumnType.TEXT);
    }

    @Test
    void blankCellsAreNullsThatDoNotDecideTheType() {
        var inference = new TypeInference();
        inference.accept("12");
        inference.accept("");
        inference.accept("   ");

        assertThat(inference.type()).isEqualTo(ColumnType.BIGINT);
        assertThat(inference.sawNull()).isTrue();
    }

    @Test
    void allBlankColumnsAreText() {
        assertThat(infer("", " ")).isEqualTo(ColumnType.TEXT);
    }

    @Test
    void oneStrayWordMakesTheColumnText() {
        assertThat(infer("1", "2", "n/a")).isEqualTo(ColumnType.TEXT);
    }
}
