package dev.analyst.agent.builtin;

import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.contracts.dataset.TableSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Retrieval over a dataset's catalog: its tables in the order a question needs them. What a prompt
 * has room for is taken from the front, so a question against a 200-table database costs a bounded
 * prompt and still sees the tables it names and those it must join through.
 */
public final class TableRelevance {

    private TableRelevance() {}

    /**
     * @param first tables already known to matter (a validate stage's choice), kept in front
     * @return every table name: {@code first}, then the tables the question names or whose columns
     *     it names (most first), then their foreign-key neighbours, then the rest in the dataset's order
     */
    public static List<String> rank(DatasetReady dataset, String question, List<String> first) {
        var ranked = new LinkedHashSet<String>();
        first.stream()
                .filter(name ->
                        dataset.tables().stream().anyMatch(table -> table.name().equals(name)))
                .forEach(ranked::add);
        ranked.addAll(mentioned(dataset, question));
        for (var name : new ArrayList<>(ranked)) {
            ranked.addAll(neighbours(dataset, name));
        }
        dataset.tables().stream().map(TableSchema::name).forEach(ranked::add);
        return List.copyOf(ranked);
    }

    /** The tables the question names, or whose columns it names, the most named first. */
    static List<String> mentioned(DatasetReady dataset, String question) {
        var text = SchemaWords.normalise(question);
        return dataset.tables().stream()
                .filter(table -> SchemaWords.tableScore(table, text) > 0)
                .sorted(Comparator.comparingInt((TableSchema table) -> SchemaWords.tableScore(table, text))
                        .reversed())
                .map(TableSchema::name)
                .toList();
    }

    /** The tables a table references and those that reference it: what a join goes through. */
    private static Set<String> neighbours(DatasetReady dataset, String name) {
        var neighbours = new LinkedHashSet<String>();
        for (var table : dataset.tables()) {
            for (var key : table.foreignKeys()) {
                if (table.name().equals(name)) {
                    neighbours.add(key.referencedTable());
                } else if (key.referencedTable().equals(name)) {
                    neighbours.add(table.name());
                }
            }
        }
        return neighbours;
    }
}
