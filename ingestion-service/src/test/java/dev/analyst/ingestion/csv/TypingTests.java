package dev.analyst.ingestion.csv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TypingTests {

    private static Typing typed(String... values) {
        var inference = new TypeInference();
        for (var value : values) {
            inference.accept(value);
        }
        return Typing.of(inference);
    }

    @Test
    void aColumnHoldsWhatItsTypingAlreadyCovers() {
        var decimals = typed("1.5", "2.25");

        assertThat(decimals.holds(typed("1.5", "2.25", "3"))).isTrue();
        assertThat(typed("x").holds(typed("1", "x"))).as("text holds anything").isTrue();
        assertThat(decimals.holds(typed("1.5", "1e9")))
                .as("an exponent needs double")
                .isFalse();
    }

    @Test
    void integersWidenToDecimalsAndDatesToTimestampsInPlace() {
        var integers = typed("1", "2");
        var decimals = typed("1", "2", "2.5");
        var dates = typed("2024-01-05");
        var timestamps = typed("2024-01-05", "2024-01-06 10:00:00");

        assertThat(integers.canAlterTo(decimals)).isTrue();
        assertThat(dates.canAlterTo(timestamps)).isTrue();
        assertThat(typed("1", "2").canAlterTo(typed("1", "1,200.50")))
                .as("grouping")
                .isTrue();
        assertThat(typed("2024-01-05").canAlterTo(typed("2024-01-05", "13/01/2024")))
                .as("ISO dates read the same day first")
                .isTrue();
    }

    @Test
    void nothingThatChangesTheMeaningOfLoadedValuesIsAlteredInPlace() {
        assertThat(typed("1", "2").canAlterTo(typed("1", "2", "n/a")))
                .as("text")
                .isFalse();
        assertThat(typed("1.5").canAlterTo(typed("1.5", "1,5")))
                .as("text again")
                .isFalse();
        assertThat(typed("1.234").canAlterTo(typed("1.234", "1.234,5")))
                .as("a decimal point read as grouping")
                .isFalse();
        assertThat(typed("05/01/2024").canAlterTo(typed("05/01/2024", "01/13/2024")))
                .as("day first turned month first")
                .isFalse();
        assertThat(typed("2024-01-05 10:00:00").canAlterTo(typed("2024-01-05 10:00:00", "2024-01-05")))
                .as("types only widen")
                .isTrue();
    }
}
