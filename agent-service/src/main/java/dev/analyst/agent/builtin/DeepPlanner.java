package dev.analyst.agent.builtin;

import static dev.analyst.agent.builtin.SchemaWords.isFlag;
import static dev.analyst.agent.builtin.SchemaWords.isKey;
import static dev.analyst.agent.builtin.SchemaWords.isNumeric;
import static dev.analyst.agent.builtin.SchemaWords.mentions;
import static dev.analyst.agent.builtin.SchemaWords.normalise;
import static dev.analyst.agent.builtin.SchemaWords.quote;

import dev.analyst.agent.stage.Plan;
import dev.analyst.contracts.analysis.Analysis;
import dev.analyst.contracts.analysis.CorrelationMatrix;
import dev.analyst.contracts.analysis.Describe;
import dev.analyst.contracts.analysis.OutlierDetection;
import dev.analyst.contracts.analysis.TrendForecast;
import dev.analyst.contracts.dataset.ColumnSchema;
import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.contracts.dataset.TableSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The steps of a deep analysis, offline and deterministic: the question's own plan when the planner
 * understood it, then what the main table's profile supports: statistics of its numbers, their
 * correlations, the outliers of the main measure and its trend over a date column. What the table
 * cannot support is left out rather than asked of execution only to fail.
 */
@Component
public class DeepPlanner {

    /** The most steps a deep analysis takes: each is a step of execution and a summary to write. */
    public static final int MOST_STEPS = 6;

    /** The most columns the statistics describe: a table people can still read. */
    private static final int MOST_DESCRIBED = 8;

    /** The most columns of the correlation matrix: 15 pairs, a heatmap that stays legible. */
    private static final int MOST_CORRELATED = 6;

    /** The dataset a deep question is about: the one it names, else the one whose tables it speaks of most. */
    public Optional<DatasetReady> datasetFor(
            String question, @Nullable String datasetName, List<DatasetReady> datasets) {
        return switch (BuiltInPlanner.choose(question, datasetName, datasets)) {
            case BuiltInPlanner.Choice.Chosen chosen -> Optional.of(chosen.dataset());
            case BuiltInPlanner.Choice.None ignored -> Optional.empty();
        };
    }

    /**
     * @param question the question without its mention, whose words may name the main measure
     * @param own the question's own plan, or null when the planner could not read it alone
     * @return the steps in the order they run, the question's own first
     */
    public List<Plan> plan(DatasetReady dataset, String question, @Nullable Plan own) {
        var steps = new ArrayList<Plan>();
        if (own != null) {
            steps.add(own);
        }
        var table = mainTable(dataset, own);
        var numbers = numbers(table);
        if (numbers.isEmpty()) {
            return steps;
        }
        var measure = mainMeasure(numbers, normalise(question), own);
        var asked = own == null ? null : own.analysis();

        if (!(asked instanceof Describe)) {
            var described = numbers.stream().limit(MOST_DESCRIBED).toList();
            steps.add(step(
                    dataset, table, described, new Describe(names(described)), "statistics of " + labels(described)));
        }
        if (!(asked instanceof CorrelationMatrix) && numbers.size() >= 2) {
            var correlated = new ArrayList<ColumnSchema>();
            correlated.add(measure);
            numbers.stream()
                    .filter(column -> !column.equals(measure))
                    .limit(MOST_CORRELATED - 1)
                    .forEach(correlated::add);
            steps.add(step(
                    dataset,
                    table,
                    correlated,
                    new CorrelationMatrix(names(correlated), CorrelationMatrix.Coefficient.PEARSON),
                    "correlation of " + labels(correlated)));
        }
        if (!(asked instanceof OutlierDetection)) {
            steps.add(step(
                    dataset,
                    table,
                    List.of(measure),
                    new OutlierDetection(measure.name(), OutlierDetection.Rule.IQR, 0),
                    "outliers of " + measure.label()));
        }
        if (!(asked instanceof TrendForecast)) {
            dateColumn(table).ifPresent(date -> steps.add(trend(dataset, table, date, measure)));
        }
        return steps.stream().limit(MOST_STEPS).toList();
    }

    /** The table of the question's own plan; else the one with the most numbers to analyse. */
    private static TableSchema mainTable(DatasetReady dataset, @Nullable Plan own) {
        if (own != null && own.datasetId().equals(dataset.datasetId())) {
            var planned = dataset.tables().stream()
                    .filter(table -> table.name().equals(own.table()))
                    .findFirst();
            if (planned.isPresent()) {
                return planned.get();
            }
        }
        // max() keeps the last of equals: reversed, the first table wins a tie.
        return dataset.tables().reversed().stream()
                .max(Comparator.comparingInt(table -> numbers(table).size()))
                .orElseThrow();
    }

    /**
     * What the report is about: the column the question's own analysis reads first (the target of "what
     * drives price"), else a number the question names, else the table's first number.
     */
    private static ColumnSchema mainMeasure(List<ColumnSchema> numbers, String words, @Nullable Plan own) {
        if (own != null && own.analysis() != null) {
            for (var name : own.analysis().columns()) {
                var read = numbers.stream()
                        .filter(column -> column.name().equals(name))
                        .findFirst();
                if (read.isPresent()) {
                    return read.get();
                }
            }
        }
        return numbers.stream()
                .filter(column -> mentions(words, column))
                .findFirst()
                .orElse(numbers.getFirst());
    }

    /** The table's measured numbers, keys and yes/no columns aside, in its order. */
    private static List<ColumnSchema> numbers(TableSchema table) {
        return table.columns().stream()
                .filter(column -> isNumeric(column) && !isKey(column) && !twoValued(column))
                .toList();
    }

    private static boolean twoValued(ColumnSchema column) {
        return isFlag(column) || column.profile() != null && column.profile().distinctCount() == 2;
    }

    private static Optional<ColumnSchema> dateColumn(TableSchema table) {
        return table.columns().stream()
                .filter(column -> SqlTypes.isCalendar(column.type()))
                .findFirst();
    }

    /** The analysis reads the columns exactly as the query selects them, in its order. */
    private static Plan step(
            DatasetReady dataset, TableSchema table, List<ColumnSchema> columns, Analysis analysis, String label) {
        var select = columns.stream().map(column -> quote(column.name())).collect(Collectors.joining(", "));
        return new Plan(
                label,
                dataset.datasetId(),
                dataset.name(),
                table.name(),
                "SELECT " + select + " FROM " + quote(table.name()),
                label,
                "",
                List.of(),
                analysis);
    }

    /** The monthly average of the measure, its trend and continuation. */
    private static Plan trend(DatasetReady dataset, TableSchema table, ColumnSchema date, ColumnSchema measure) {
        var period = "date_trunc('month', " + quote(date.name()) + ")::date";
        var value = SchemaWords.alias("average " + measure.name());
        var label = "trend of the average " + measure.label() + " per month";
        var sql = "SELECT " + period + " AS " + quote("month") + ", avg(" + quote(measure.name()) + ") AS "
                + quote(value) + " FROM " + quote(table.name()) + " WHERE " + quote(date.name()) + " IS NOT NULL"
                + " GROUP BY " + period + " ORDER BY " + period;
        return new Plan(
                label,
                dataset.datasetId(),
                dataset.name(),
                table.name(),
                sql,
                label,
                "month",
                List.of(),
                new TrendForecast("month", value, 0));
    }

    private static List<String> names(List<ColumnSchema> columns) {
        return columns.stream().map(ColumnSchema::name).toList();
    }

    /** "price, area and bedrooms". */
    private static String labels(List<ColumnSchema> columns) {
        var labels = columns.stream().map(ColumnSchema::label).toList();
        return labels.size() == 1
                ? labels.getFirst()
                : String.join(", ", labels.subList(0, labels.size() - 1)) + " and " + labels.getLast();
    }
}
