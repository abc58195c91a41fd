package dev.analyst.ingestion.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TypeInferenceTests {

    private static ColumnType infer(String... cells) {
        return inference(cells).type();
    }

    private static TypeInference inference(String... cells) {
        var inference = new TypeInference();
        Arrays.stream(cells).forEach(inference::accept);
        return inference;
    }

    /** What COPY receives for each cell, as the first pass decided for the column. */
    private static List<String> converted(String... cells) {
        var style = inference(cells).style();
        return Arrays.stream(cells).map(style::convert).toList();
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

    @Test
    void thousandsSeparatorsWithADecimalPointAreNumbers() {
        assertThat(infer("1,234,567", "12", "-3,000")).isEqualTo(ColumnType.BIGINT);
        assertThat(converted("1,234,567", "12", "-3,000")).containsExactly("1234567", "12", "-3000");
        assertThat(infer("1,234.50", "7.25")).isEqualTo(ColumnType.NUMERIC);
        assertThat(converted("1,234.50", "7.25")).containsExactly("1234.50", "7.25");
    }

    @Test
    void europeanNumbersAreDecidedForTheWholeColumn() {
        var cells = new String[] {"1.234.567,89", "12,5", "3"};
        assertThat(infer(cells)).isEqualTo(ColumnType.NUMERIC);
        assertThat(converted(cells)).containsExactly("1234567.89", "12.5", "3");
        // "1.234" alone reads either way; "2,5" settles it: a decimal comma, so 1.234 is 1234.
        assertThat(converted("1.234", "2,5")).containsExactly("1234", "2.5");
        // Both conventions still possible at the end: the decimal point wins.
        assertThat(converted("1.234", "5.678")).containsExactly("1.234", "5.678");
    }

    @Test
    void mixingBothConventionsInOneColumnMakesItText() {
        assertThat(infer("1,234.5", "1.234,5")).isEqualTo(ColumnType.TEXT);
    }

    @Test
    void currencySymbolsAndCodesAreStrippedAndKeptAsTheUnit() {
        var cells = new String[] {"$1,200.50", "$ 3", "-$4.25", "(12.50)", "7 USD"};
        assertThat(inference("$1,200.50", "$ 3", "-$4.25", "(12.50)").unit()).isEqualTo("$");
        assertThat(infer("$1,200.50", "$ 3", "-$4.25", "(12.50)")).isEqualTo(ColumnType.NUMERIC);
        assertThat(converted("$1,200.50", "$ 3", "-$4.25", "(12.50)"))
                .containsExactly("1200.50", "3", "-4.25", "-12.50");
        assertThat(converted("12,50 €", "€3", "(1.000,00 €)")).containsExactly("12.50", "3", "-1000.00");
        assertThat(converted("EUR 12", "£5", "¥100")).isNotNull();
        // Different currencies in one column do not add up: text.
        assertThat(infer(cells)).isEqualTo(ColumnType.TEXT);
        assertThat(infer("£5", "¥100")).isEqualTo(ColumnType.TEXT);
    }

    @Test
    void percentagesKeepTheirNumberAndThePercentSignGoesToTheUnit() {
        var percentages = inference("12.5%", "-3%", "100 %");
        assertThat(percentages.type()).isEqualTo(ColumnType.NUMERIC);
        assertThat(percentages.unit()).isEqualTo("%");
        assertThat(converted("12.5%", "-3%", "100 %")).containsExactly("12.5", "-3", "100");
    }

    @Test
    void numericDatesReadDayFirstUnlessAValueSaysOtherwise() {
        assertThat(infer("05/01/2024", "31/12/2023")).isEqualTo(ColumnType.DATE);
        assertThat(converted("05/01/2024", "31/12/2023")).containsExactly("2024-01-05", "2023-12-31");
        assertThat(converted("01/05/2024", "12/31/2023")).containsExactly("2024-01-05", "2023-12-31");
        // Ambiguous throughout: day first, documented.
        assertThat(converted("05/01/2024", "06/02/2024")).containsExactly("2024-01-05", "2024-02-06");
        assertThat(converted("5.1.2024", "05-01-2024")).containsExactly("2024-01-05", "2024-01-05");
    }

    @Test
    void aLaterValueThatBreaksTheDateOrderMakesTheColumnText() {
        assertThat(infer("05/01/2024", "31/12/2023", "12/31/2023")).isEqualTo(ColumnType.TEXT);
        assertThat(inference("05/01/2024", "31/12/2023", "12/31/2023").style()).isEqualTo(ValueStyle.VERBATIM);
    }

    @Test
    void monthNamesAndTimesAreDatesAndTimestamps() {
        assertThat(converted("Jan 5, 2024", "5 Jan 2024", "September 30 2023", "05-Feb-2024"))
                .containsExactly("2024-01-05", "2024-01-05", "2023-09-30", "2024-02-05");
        assertThat(infer("2024-01-05 13:45", "Jan 5, 2024 08:00")).isEqualTo(ColumnType.TIMESTAMP);
        assertThat(converted("2024-01-05 13:45", "Jan 5, 2024 08:00"))
                .containsExactly("2024-01-05 13:45:00", "2024-01-05 08:00:00");
        assertThat(infer("Smarch 5, 2024")).isEqualTo(ColumnType.TEXT);
    }

    @Test
    void offsetsInAnyCommonFormAreTimestampsWithTimeZone() {
        assertThat(infer("2024-01-05T13:45:00Z", "2024-01-05 13:45+0200", "05/01/2024 13:45:30.5 -05"))
                .isEqualTo(ColumnType.TIMESTAMPTZ);
        assertThat(converted("2024-01-05T13:45:00Z", "2024-01-05 13:45+0200", "05/01/2024 13:45:30.5 -05"))
                .containsExactly("2024-01-05 13:45:00Z", "2024-01-05 13:45:00+02:00", "2024-01-05 13:45:30.5-05:00");
        // Some with offsets, some without: no single type holds them.
        assertThat(infer("2024-01-05T13:45:00Z", "2024-01-05 13:45")).isEqualTo(ColumnType.TEXT);
    }

    @Test
    void plainColumnsAreWrittenAsUploaded() {
        assertThat(inference("1", "2.5").style()).isEqualTo(ValueStyle.TRIMMED);
        assertThat(inference("2024-01-05").style()).isEqualTo(ValueStyle.TRIMMED);
        assertThat(inference("2024-01-05T13:45:00+02:00", "2024-01-06 08:00Z").style())
                .isEqualTo(ValueStyle.TRIMMED);
        assertThat(inference("2024-01-05", "Jan 6, 2024").style()).isEqualTo(ValueStyle.DATE_DAY_FIRST);
        assertThat(inference("yes", "no").style()).isEqualTo(ValueStyle.VERBATIM);
    }

    @Test
    void impossibleValuesInTheFastPathsAreNotTyped() {
        assertThat(infer("1.5", "00.5")).isEqualTo(ColumnType.TEXT);
        assertThat(infer("-0.5", "2.25")).isEqualTo(ColumnType.NUMERIC);
        assertThat(infer("2023-02-29")).isEqualTo(ColumnType.TEXT);
        assertThat(infer("2024-01-05 24:00")).isEqualTo(ColumnType.TEXT);
        assertThat(infer("2024-01-05T10:00+15:00")).isEqualTo(ColumnType.TEXT);
    }

    @Test
    void formulaLookingCellsAreText() {
        assertThat(infer("=1+1", "+cmd", "-2+3", "@SUM(A1)")).isEqualTo(ColumnType.TEXT);
        assertThat(converted("=1+1", "\tx")).containsExactly("=1+1", "\tx");
    }
}
