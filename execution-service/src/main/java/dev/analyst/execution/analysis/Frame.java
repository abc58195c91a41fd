package dev.analyst.execution.analysis;

import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.step.StepError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The rows an analysis reads: columns found by name and the rows complete in the ones it uses. */
final class Frame {

    /** How PostgreSQL's float types render NaN and infinity once they are JSON values (text). */
    private static final Set<String> NON_FINITE = Set.of("NaN", "Infinity", "-Infinity");

    private final ResultTable table;
    private final Map<String, Integer> positions = new HashMap<>();

    Frame(ResultTable table) {
        this.table = table;
        for (int i = 0; i < table.columns().size(); i++) {
            positions.putIfAbsent(table.columns().get(i).name(), i);
        }
    }

    ResultTable table() {
        return table;
    }

    int size() {
        return table.rows().size();
    }

    int position(String column) {
        Integer position = positions.get(column);
        if (position == null) {
            throw new AnalysisFailed(
                    StepError.UNKNOWN_OBJECT,
                    "The rows have no column \"%s\"; the columns are %s."
                            .formatted(
                                    column,
                                    String.join(
                                            ", ",
                                            table.columns().stream()
                                                    .map(ResultColumn::name)
                                                    .toList())));
        }
        return position;
    }

    /**
     * The rows with a value in every one of {@code columns}. Analyses drop incomplete rows (listwise)
     * rather than impute: every statistic of a result then comes from the same rows.
     */
    Selection complete(List<String> columns) {
        List<String> used = List.copyOf(new LinkedHashSet<>(columns));
        int[] positions = used.stream().mapToInt(this::position).toArray();
        int[] kept = new int[size()];
        int n = 0;
        for (int row = 0; row < size(); row++) {
            List<@Nullable Object> values = table.rows().get(row);
            boolean complete = true;
            for (int position : positions) {
                if (missing(values.get(position), position)) {
                    complete = false;
                    break;
                }
            }
            if (complete) {
                kept[n++] = row;
            }
        }
        return new Selection(this, used, java.util.Arrays.copyOf(kept, n));
    }

    /** SQL NULL, and NaN or infinity of a float column: no value to compute with. */
    private boolean missing(@Nullable Object value, int position) {
        return switch (value) {
            case null -> true;
            case Double d -> !Double.isFinite(d);
            case String s ->
                NON_FINITE.contains(s)
                        && !table.columns().get(position).type().contains("char")
                        && !table.columns().get(position).type().equals("text");
            default -> false;
        };
    }

    @Nullable
    Object value(int row, int position) {
        return table.rows().get(row).get(position);
    }

    /** One sentence on the rows the analysis could not use, or none. */
    List<String> notes(int dropped, List<String> columns) {
        var notes = new ArrayList<String>();
        String cover = table.truncated()
                ? "The analysis covers only the first %s rows, where the query returned more."
                        .formatted(Phrases.count(size()))
                : "";
        if (dropped > 0) {
            String missing = "%s %s with a missing value in %s %s left out."
                    .formatted(
                            Phrases.count(dropped),
                            dropped == 1 ? "row" : "rows",
                            Phrases.names(columns),
                            dropped == 1 ? "was" : "were");
            notes.add(cover.isEmpty() ? missing : cover + " " + missing);
        } else if (!cover.isEmpty()) {
            notes.add(cover);
        }
        return notes;
    }
}
