package dev.analyst.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerJudgeTests {

    @Test
    void acceptsEqualNumbersWrittenDifferently() {
        assertThat(AnswerJudge.correct(rows(row(2021)), rows(row(2021.0)), false))
                .isTrue();
        assertThat(AnswerJudge.correct(rows(row(5457474.72361809)), rows(row(5457474.723618090001)), false))
                .isTrue();
        assertThat(AnswerJudge.correct(rows(row(0.4635775)), rows(row(0.4636)), false))
                .isFalse();
    }

    @Test
    void ignoresExtraColumnsAndColumnOrder() {
        var expected = rows(row("furnished"));
        assertThat(AnswerJudge.correct(expected, rows(row(5912603.67, "furnished")), false))
                .isTrue();
        assertThat(AnswerJudge.correct(rows(row(2, 4360300.0)), rows(row(4360300.0, 2)), false))
                .isTrue();
    }

    @Test
    void needsEveryExpectedColumnInADistinctColumn() {
        assertThat(AnswerJudge.correct(rows(row(5, 5)), rows(row(5, 6)), false)).isFalse();
        assertThat(AnswerJudge.correct(rows(row("a", 1)), rows(row("a")), false))
                .isFalse();
    }

    @Test
    void comparesRowsAsAMultisetUnlessOrdered() {
        var expected = rows(row("no", 1), row("yes", 2));
        var reversed = rows(row("yes", 2), row("no", 1));
        assertThat(AnswerJudge.correct(expected, reversed, false)).isTrue();
        assertThat(AnswerJudge.correct(expected, reversed, true)).isFalse();
        assertThat(AnswerJudge.correct(expected, rows(row("no", 1), row("no", 1)), false))
                .isFalse();
    }

    @Test
    void needsTheSameNumberOfRowsAndExactText() {
        assertThat(AnswerJudge.correct(rows(row(1)), rows(row(1), row(1)), false))
                .isFalse();
        assertThat(AnswerJudge.correct(rows(row("Rock")), rows(row("rock")), false))
                .isFalse();
        assertThat(AnswerJudge.correct(rows(row((Object) null)), rows(row((Object) null)), false))
                .isTrue();
        assertThat(AnswerJudge.correct(rows(row("1")), rows(row(1)), false)).isFalse();
    }

    private static List<Object> row(Object... cells) {
        return Arrays.asList(cells);
    }

    @SafeVarargs
    private static List<List<Object>> rows(List<Object>... rows) {
        return List.of(rows);
    }
}
