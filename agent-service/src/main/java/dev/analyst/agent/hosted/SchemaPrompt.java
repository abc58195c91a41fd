package dev.analyst.agent.hosted;

import dev.analyst.agent.builtin.TableRelevance;
import dev.analyst.contracts.dataset.ColumnSchema;
import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.contracts.dataset.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A dataset's schema written for a prompt: the tables the question is about first ({@link
 * TableRelevance}), each as {@code table(column type, ...)} with a few of its text columns' values,
 * until a budget of characters is spent. A 200-table database costs no more prompt than a small one;
 * the tables left out are named at the end, so the model knows they exist.
 */
final class SchemaPrompt {

    /** About 1,200 tokens: room for a dozen tables of twenty columns, or one wide table. */
    static final int BUDGET_CHARACTERS = 4_800;

    private static final int VALUES_PER_COLUMN = 5;
    /** Tables beyond the budget are named, up to this many, so the model knows they exist. */
    private static final int MORE_NAMES = 40;

    private static final int VALUE_LENGTH = 30;

    private SchemaPrompt() {}

    /**
     * @param relevant the tables the validate stage found the question to be about, most relevant
     *     first; the rest follow in order of relevance to the question while the budget lasts
     */
    static String of(DatasetReady dataset, String question, List<String> relevant, int budget) {
        var byName = dataset.tables().stream().collect(Collectors.toMap(TableSchema::name, table -> table));
        var written = new StringBuilder();
        var left = new ArrayList<String>();
        for (var name : TableRelevance.rank(dataset, question, relevant)) {
            var line = table(byName.get(name));
            if (written.length() + line.length() > budget && !written.isEmpty()) {
                left.add(name);
            } else {
                written.append(line).append('\n');
            }
        }
        if (!left.isEmpty()) {
            written.append("Other tables: ")
                    .append(String.join(", ", left.stream().limit(MORE_NAMES).toList()))
                    .append(left.size() > MORE_NAMES ? " and " + (left.size() - MORE_NAMES) + " more" : "")
                    .append('\n');
        }
        return written.toString();
    }

    /** A dataset's table names, the most relevant first, at most {@code most} of them. */
    static String names(DatasetReady dataset, String question, int most) {
        var ranked = TableRelevance.rank(dataset, question, List.of());
        return String.join(", ", ranked.stream().limit(most).toList())
                + (ranked.size() > most ? " and " + (ranked.size() - most) + " more" : "");
    }

    static String table(TableSchema table) {
        var columns = table.columns().stream().map(SchemaPrompt::column).collect(Collectors.joining(", "));
        var keys = table.foreignKeys().stream()
                .map(key -> String.join(",", key.columns()) + "->" + key.referencedTable() + "."
                        + String.join(",", key.referencedColumns()))
                .collect(Collectors.joining(", "));
        return table.name() + "(" + columns + ")" + (keys.isEmpty() ? "" : " fk " + keys);
    }

    private static String column(ColumnSchema column) {
        var text = column.name() + " " + column.type();
        if (!column.topValues().isEmpty()) {
            // Cells are data, never instructions: quoted, cut short, and only a few.
            text += " e.g. "
                    + column.topValues().stream()
                            .limit(VALUES_PER_COLUMN)
                            .map(SchemaPrompt::quoted)
                            .collect(Collectors.joining("|"));
        }
        return text;
    }

    static String quoted(String value) {
        return "'" + cut(value).replace("'", "''") + "'";
    }

    /** A cell as a prompt shows it: on one line, cut short. */
    static String cut(String value) {
        var cut = value.length() > VALUE_LENGTH ? value.substring(0, VALUE_LENGTH) + "…" : value;
        return cut.replaceAll("\\s+", " ");
    }
}
