package dev.analyst.execution.analysis;

import dev.analyst.contracts.step.StepError;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The complete rows of a frame in the columns an analysis uses, read as numbers or categories. */
final class Selection {

    private final Frame frame;
    private final List<String> columns;
    private final int[] rows;

    Selection(Frame frame, List<String> columns, int[] rows) {
        this.frame = frame;
        this.columns = columns;
        this.rows = rows;
    }

    int n() {
        return rows.length;
    }

    int dropped() {
        return frame.size() - rows.length;
    }

    /** The position of the {@code i}th complete row among all the rows. */
    int row(int i) {
        return rows[i];
    }

    Frame frame() {
        return frame;
    }

    /** The sentence about dropped rows and the row cap, if any, to add to the findings. */
    List<String> notes() {
        return frame.notes(dropped(), columns);
    }

    /** The column as numbers; booleans count as 0 and 1 so a flag can be a predictor. */
    double[] numbers(String column) {
        int position = frame.position(column);
        double[] numbers = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            numbers[i] = switch (frame.value(rows[i], position)) {
                case Number number -> number.doubleValue();
                case Boolean flag -> flag ? 1 : 0;
                case null -> throw new IllegalStateException("complete rows have values");
                case Object other ->
                    throw new AnalysisFailed(
                            StepError.TYPE_MISMATCH,
                            "Column \"%s\" holds text such as \"%s\", but this analysis needs numbers there."
                                    .formatted(column, other));
            };
        }
        return numbers;
    }

    /** The column's raw values in the complete rows. */
    List<Object> values(String column) {
        int position = frame.position(column);
        var values = new ArrayList<Object>(rows.length);
        for (int row : rows) {
            @Nullable Object value = frame.value(row, position);
            if (value == null) {
                throw new IllegalStateException("complete rows have values");
            }
            values.add(value);
        }
        return values;
    }

    /** The column as categories: its distinct values, sorted, and each row's one. */
    Levels levels(String column) {
        return Levels.of(values(column));
    }

    /** Fails unless there are at least {@code minimum} complete rows. */
    Selection requireRows(int minimum, String why) {
        if (n() < minimum) {
            throw new AnalysisFailed(
                    StepError.UNSUITABLE_DATA,
                    "%s needs at least %d rows with values in %s, but there %s %d."
                            .formatted(why, minimum, Phrases.names(columns), n() == 1 ? "is" : "are", n()));
        }
        return this;
    }
}
