package dev.analyst.ingestion.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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

    @Test
    void theCommonShapesOfATypedColumnAreSurelyRead() {
        assertThat(typed("1", "2").surelyReads("-42")).isTrue();
        assertThat(typed("1.5", "2").surelyReads("7"))
                .as("an integer in a decimal column")
                .isTrue();
        assertThat(typed("1.5", "2").surelyReads("-0.25")).isTrue();
        assertThat(typed("2024-01-05").surelyReads("2024-02-29")).isTrue();
        assertThat(typed("2024-01-05 10:00:00").surelyReads("2024-01-06T11:30:00.5"))
                .isTrue();

        assertThat(typed("1", "2").surelyReads("1.5"))
                .as("a decimal in an integer column")
                .isFalse();
        assertThat(typed("1", "2").surelyReads("007")).as("a code").isFalse();
        assertThat(typed("1", "2").surelyReads("1234567890123456789"))
                .as("maybe past bigint")
                .isFalse();
        assertThat(typed("2024-01-05").surelyReads("2023-02-29"))
                .as("no such day")
                .isFalse();
        assertThat(typed("2024-01-05").surelyReads("05/01/2024")).isFalse();
        assertThat(typed("1,200", "3").surelyReads("5"))
                .as("a converted column")
                .isFalse();
        assertThat(typed("x").surelyReads("1")).as("text is never checked").isFalse();
    }

    /** The promise a load relies on when it passes a cell on unexamined. */
    @Test
    void aCellSurelyReadLeavesItsColumnsTypingAsItWas() {
        var samples = List.of(
                List.of("1", "2"),
                List.of("1.5", "2"),
                List.of("1.234"),
                List.of("1e3", "2"),
                List.of("2024-01-05"),
                List.of("2024-01-05 10:00:00"),
                List.of("2024-01-05T10:00Z"),
                List.of("-3", "2024"));
        var cells = List.of(
                "7",
                "-7",
                "0",
                "-0",
                "007",
                "1.5",
                "-0.25",
                "00.5",
                "0.5",
                "1.",
                ".5",
                "1.2.3",
                "-",
                "1,5",
                "1.234,5",
                "123456789012345678",
                "1234567890123456789",
                "2024-02-29",
                "2023-02-29",
                "2024-1-05",
                "2024-01-05 10:00",
                "2024-01-05T10:00:00.5+02:00",
                "2024-01-05T10:00Z",
                "13/01/2024",
                "x",
                "1e5");
        int surelyRead = 0;
        for (var sample : samples) {
            var typing = typed(sample.toArray(String[]::new));
            for (var cell : cells) {
                if (typing.surelyReads(cell)) {
                    surelyRead++;
                    var inference = new TypeInference();
                    sample.forEach(inference::accept);
                    inference.accept(cell);
                    assertThat(typing.isReadBy(inference))
                            .as("%s after %s", cell, sample)
                            .isTrue();
                }
            }
        }
        assertThat(surelyRead).as("cells the check passed on").isGreaterThan(20);
    }
}
