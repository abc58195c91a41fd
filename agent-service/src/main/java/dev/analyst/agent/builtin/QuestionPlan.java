package dev.analyst.agent.builtin;

import static dev.analyst.agent.builtin.SchemaWords.abbreviation;
import static dev.analyst.agent.builtin.SchemaWords.alias;
import static dev.analyst.agent.builtin.SchemaWords.asWord;
import static dev.analyst.agent.builtin.SchemaWords.endsWith;
import static dev.analyst.agent.builtin.SchemaWords.isFlag;
import static dev.analyst.agent.builtin.SchemaWords.isKey;
import static dev.analyst.agent.builtin.SchemaWords.isName;
import static dev.analyst.agent.builtin.SchemaWords.isNumeric;
import static dev.analyst.agent.builtin.SchemaWords.literal;
import static dev.analyst.agent.builtin.SchemaWords.mentions;
import static dev.analyst.agent.builtin.SchemaWords.nameTokens;
import static dev.analyst.agent.builtin.SchemaWords.namingColumns;
import static dev.analyst.agent.builtin.SchemaWords.negative;
import static dev.analyst.agent.builtin.SchemaWords.plural;
import static dev.analyst.agent.builtin.SchemaWords.positive;
import static dev.analyst.agent.builtin.SchemaWords.quote;
import static dev.analyst.agent.builtin.SchemaWords.stem;
import static dev.analyst.agent.builtin.SchemaWords.tableScore;
import static dev.analyst.agent.builtin.SchemaWords.tokens;
import static dev.analyst.agent.builtin.SchemaWords.wholeName;
import static dev.analyst.agent.builtin.SchemaWords.words;

import dev.analyst.agent.stage.Decision;
import dev.analyst.agent.stage.Plan;
import dev.analyst.contracts.analysis.Analysis;
import dev.analyst.contracts.analysis.Anova;
import dev.analyst.contracts.analysis.ChiSquareTest;
import dev.analyst.contracts.analysis.CorrelationMatrix;
import dev.analyst.contracts.analysis.Describe;
import dev.analyst.contracts.analysis.KMeansClustering;
import dev.analyst.contracts.analysis.LinearRegression;
import dev.analyst.contracts.analysis.LogisticRegression;
import dev.analyst.contracts.analysis.OutlierDetection;
import dev.analyst.contracts.analysis.TTest;
import dev.analyst.contracts.analysis.TrendForecast;
import dev.analyst.contracts.dataset.ColumnSchema;
import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.contracts.dataset.ForeignKey;
import dev.analyst.contracts.dataset.TableSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** Plans one question over the tables of one dataset, joined along foreign keys where it needs several. */
final class QuestionPlan {

    private static final Pattern TOP_N =
            Pattern.compile("\\b(top|first|largest|biggest|highest|bottom|lowest|smallest)\\s+(\\d{1,4})\\b");
    private static final Pattern GROUP =
            Pattern.compile("\\b(?:grouped by|broken down by|for each|for every|each|every|by|per|across)\\s+(.+)$");
    private static final Pattern WHICH = Pattern.compile(
            "\\b(?:which|what)\\s+(?:(\\d{1,4})\\s+)?(.+?)\\s+(?:has|have|had|with)\\s+the\\s+(highest|most|largest|biggest|lowest|least|smallest|fewest)\\b(.*)$");
    private static final Pattern COMPARISON = Pattern.compile(
            "\\b(more than|greater than|over|above|at least|no less than|less than|fewer than|under|below|at most|no more than|exactly|equal to"
                    + "|(?:longer|larger|bigger|higher|heavier|older) than|(?:shorter|smaller|lower|lighter|younger) than)"
                    + "\\s+([$€£])?(-?\\d+(?:\\.\\d+)?)(?:\\s+([a-z][a-z_]*))?");

    private static final Pattern TIME_BUCKET =
            Pattern.compile("\\b(?:by|per|for each|for every|each|every|over)\\s+(year|quarter|month|week|day)s?\\b"
                    + "|\\b(yearly|annual|annually|quarterly|monthly|weekly|daily)\\b");
    private static final Pattern YEAR = Pattern.compile("\\b(?:in|during|for|of|from)\\s+((?:19|20)\\d\\d)\\b");
    private static final Pattern NUMBER = Pattern.compile("\\b\\d+(?:\\.\\d+)?\\b");

    /** "Between 2 and 4 bedrooms", "priced between $10 and $20": an inclusive range. */
    private static final Pattern BETWEEN = Pattern.compile(
            "\\bbetween\\s+[$€£]?(-?\\d+(?:\\.\\d+)?)\\s+and\\s+[$€£]?(-?\\d+(?:\\.\\d+)?)(?:\\s+([a-z][a-z_]*))?");

    /** "What percentage of homes...", "the share of revenue...": a part of a whole, in percent. */
    private static final Pattern SHARE =
            Pattern.compile("\\b(?:percentage|percent|share|proportion|fraction)\\s+of\\b|%\\s+of\\b");

    /** "The 90th percentile", "p95", "the upper quartile". */
    private static final Pattern PERCENTILE = Pattern.compile("\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+percentile\\b"
            + "|\\bp(\\d{2})(?=\\s+of\\b)|\\b(first|lower|third|upper)\\s+quartile\\b");

    /** "How many different countries...": the distinct values of a column, counted. */
    private static final Pattern DISTINCT = Pattern.compile(
            "\\b(how many|number of|count of|count the)\\s+(?:different|distinct|unique)\\s+([a-z][a-z ]*?)"
                    + "(?=\\s+(?:are|is|were|was|do|does|did|have|has|had|in|of|for|from|with|there|among|across"
                    + "|by|per|appear|exist)\\b|\\s*[?.!]?$)");

    private static final Pattern QUOTED = Pattern.compile("['\"‘“]([^'\"’”]+)['\"’”]");

    /** "The 5 cheapest tracks": rows ranked by the measure the superlative names. */
    private static final Pattern RANKED = Pattern.compile("\\b(\\d{1,4})\\s+(cheapest|most expensive|priciest"
            + "|least expensive|longest|shortest|largest|biggest|smallest|highest|lowest)\\s+(.+)$");

    /** "Names containing 'love'", "starting with A": a text condition on a column. */
    private static final Pattern TEXT_MATCH = Pattern.compile(
            "\\b(contain|contains|containing|include|includes"
                    + "|including|with|starting with|starts with|start with|beginning with|begins with|begin with"
                    + "|ending with|ends with|end with)\\s+(?:the\\s+(?:word|letter|text|phrase)\\s+)?['\"‘“]([^'\"’”]+)['\"’”]");

    /** What rows are grouped by: a column, a table's naming columns, or a time bucket of a date column. */
    private record Group(String select, String reference, String label) {}

    private record Aggregate(String function, String words, boolean needsMeasure, Pattern pattern) {
        Aggregate(String function, String words, boolean needsMeasure) {
            this(function, words, needsMeasure, Pattern.compile("\\b(" + words + ")\\b"));
        }
    }

    private static final List<Aggregate> AGGREGATES = List.of(
            new Aggregate("median", "median", true),
            new Aggregate("percentile", "percentile", true),
            new Aggregate("stddev_samp", "standard deviation|std dev|stddev|stdev", true),
            new Aggregate("var_samp", "variance", true),
            new Aggregate("avg", "average|avg|mean", true),
            new Aggregate("sum", "total|sum", true),
            new Aggregate("max", "maximum|max|largest|highest|biggest|greatest|most expensive|longest", true),
            new Aggregate("min", "minimum|min|smallest|lowest|cheapest|least expensive|shortest", true),
            // "Revenue by country": money is added up unless the question says otherwise.
            new Aggregate("sum", "revenue|sales|turnover|income", true),
            new Aggregate("count", "total number of|how many|number of|count of|count", false));

    private static final Aggregate AVERAGE = AGGREGATES.stream()
            .filter(aggregate -> aggregate.function().equals("avg"))
            .findFirst()
            .orElseThrow();

    /**
     * Words for a measure that name no column, and the column-name words they stand for, in order of
     * preference: "sales" and "revenue" are the money column of the table they are kept in.
     */
    private static final Map<String, List<String>> MEASURE_WORDS = Map.of(
            "revenue", List.of("revenue", "sales", "total", "amount"),
            "sale", List.of("revenue", "sales", "total", "amount"),
            "turnover", List.of("revenue", "sales", "total", "amount"),
            "income", List.of("revenue", "income", "total", "amount"),
            "length", List.of("length", "duration", "milliseconds", "seconds", "minutes"),
            "duration", List.of("duration", "length", "milliseconds", "seconds", "minutes"),
            "price", List.of("price", "cost", "fee", "amount"),
            "cost", List.of("cost", "price", "fee", "amount"));

    /** Money named after an amount: "more than 5 dollars". */
    private static final Set<String> CURRENCIES = Set.of("dollar", "euro", "pound", "usd", "eur", "gbp", "buck");

    /** Superlatives that say which measure they rank by: the longest track is the one of greatest length. */
    private static final Map<String, String> SUPERLATIVE_MEASURES = Map.of(
            "longest", "length",
            "shortest", "length",
            "most expensive", "price",
            "least expensive", "price",
            "cheapest", "price",
            "priciest", "price");

    /** "Number of tracks", "most customers": the rows of that table are what is counted. */
    private static final Pattern COUNTED = Pattern.compile(
            "\\b(?:number of|how many|count of|count the|most|fewest|least|many)\\s+(?:the\\s+)?([a-z][a-z ]*)");

    /** "Average number of tracks per album": an aggregate over the counts of groups. */
    private static final Pattern PER_GROUP_COUNT =
            Pattern.compile("\\b(average|avg|mean|median|maximum|max|minimum|min)\\s+number\\s+of\\s+(.+?)\\s+"
                    + "(?:per|for each|for every|in each|on each|by)\\s+(.+)$");

    private static final Pattern TIME_UNIT = Pattern.compile("\\s*(year|quarter|month|week|day)s?\\s*");

    /** "List the albums", "show all customers": rows, not a number. */
    private static final Pattern LIST = Pattern.compile("^(?:list|show|give me|name|display|what are|which are)\\b");

    /** "In minutes": the unit the question wants a duration column in. */
    private static final Pattern IN_UNIT = Pattern.compile("\\bin\\s+(milliseconds|seconds|minutes|hours|days)\\b");

    private static final Map<String, Double> SECONDS_PER_UNIT = Map.of(
            "millisecond", 0.001,
            "ms", 0.001,
            "second", 1.0,
            "minute", 60.0,
            "hour", 3600.0,
            "day", 86400.0);

    /**
     * A condition on rows: the column it tests, its SQL and how it reads.
     *
     * @param oneValue whether it keeps the rows of one value of the column ({@code country = 'Canada'})
     */
    private record Filter(Ref column, String sql, String words, boolean oneValue) {}

    /** A column and the table it belongs to. */
    private record Ref(TableSchema table, ColumnSchema column) {}

    /** A duration converted: divided by {@code divisor} to be in {@code unit}. */
    private record Conversion(String divisor, String unit) {}

    private final DatasetReady dataset;
    private final List<TableSchema> tables;
    private final boolean qualify;
    /** The table whose rows are counted or added up; the others are joined onto it. */
    private TableSchema base;
    /** Tables the question names, by name, in the order it names them. */
    private final List<TableSchema> mentioned;

    private final Set<TableSchema> used = new LinkedHashSet<>();
    /** Whether {@link #from} joined a table that repeats the base table's rows. */
    private boolean fansOut;

    private final Meanings meanings;

    /** The question as asked, for the case of short values ("ON", the province, is not "on"). */
    private final String question;

    private String text;
    /** The conditions on rows, each with the column it tests and how it reads in words. */
    private final List<Filter> filters = new ArrayList<>();

    /** Whether the question asks for a part of a whole, in percent. */
    private boolean share;
    /** The fraction a percentile question asks for (0.9 for the 90th), else null. */
    private @Nullable Double percentile;
    /** The column whose different values are counted, else null. */
    private @Nullable Ref distinct;

    QuestionPlan(DatasetReady dataset, String question, String text, Meanings meanings) {
        this.meanings = meanings;
        this.dataset = dataset;
        this.question = question;
        this.tables = dataset.tables();
        this.qualify = tables.size() > 1;
        this.text = text;
        this.mentioned = tablesNamedIn(text);
        this.base = baseTable();
    }

    /**
     * The counted table ("number of albums"), else the first table named, else the table of a
     * measure the question names, else the table whose columns it names most.
     */
    private TableSchema baseTable() {
        if (tables.size() == 1) {
            return tables.getFirst();
        }
        var counted = COUNTED.matcher(text);
        while (counted.find()) {
            var named = tablesNamedIn(counted.group(1));
            if (!named.isEmpty()) {
                return named.getFirst();
            }
        }
        if (!mentioned.isEmpty()) {
            return mentioned.getFirst();
        }
        for (var token : tokens(text)) {
            var measure = measureBySynonym(stem(token));
            if (measure != null) {
                return measure.table();
            }
        }
        return tables.stream()
                .max(Comparator.comparingInt(candidate -> tableScore(candidate, text)))
                .orElseThrow();
    }

    Decision plan() {
        extractShare();
        extractPercentile();
        extractDistinct();
        extractConditions();
        var perGroup = PER_GROUP_COUNT.matcher(text);
        if (perGroup.find()) {
            return perGroupCount(perGroup.group(1), perGroup.group(3));
        }

        Integer limit = null;
        boolean descending = true;
        Group group = timeBucket();

        var which = WHICH.matcher(text);
        var top = TOP_N.matcher(text);
        var ranked = RANKED.matcher(text);
        if (group == null && ranked.find() && ranksTheBaseTable(ranked.group(3))) {
            // "The 3 cheapest homes": rows ranked by the measure the superlative stands for.
            var superlative = ranked.group(2);
            var measureWord = SUPERLATIVE_MEASURES.getOrDefault(superlative, "");
            var ascending = Set.of("cheapest", "least expensive", "shortest", "smallest", "lowest")
                    .contains(superlative);
            return rows((measureWord + " " + ranked.group(3)).strip(), Integer.parseInt(ranked.group(1)), !ascending);
        }
        if (group != null) {
            // Grouped by a time bucket already; nothing else groups.
        } else if (which.find()) {
            group = groupable(which.group(2), true).orElse(null);
            if (group == null) {
                return notUnderstood("I could not tell what \"" + which.group(2) + "\" refers to.");
            }
            limit = which.group(1) == null ? 1 : Integer.parseInt(which.group(1));
            descending = !Set.of("lowest", "least", "smallest", "fewest").contains(which.group(3));
            // "Which ... has the highest average price": the average ranks; "the highest price": the maximum.
            var rest = which.group(4);
            text = text.substring(0, which.start()) + " "
                    + (AGGREGATES.stream()
                                    .anyMatch(a -> a.pattern().matcher(rest).find())
                            ? rest
                            : which.group(3) + " " + rest);
        } else if (top.find()) {
            limit = Integer.parseInt(top.group(2));
            descending = !Set.of("bottom", "lowest", "smallest").contains(top.group(1));
            var rest = text.substring(top.end()).strip();
            if (rest.isEmpty()) {
                // "Revenue by billing country, top 5": the groups below, ranked.
                text = text.substring(0, top.start());
            } else {
                var by = rest.indexOf(" by ");
                var subject = by >= 0 ? rest.substring(0, by) : rest;
                if (by >= 0 && ranksRowsByTheirOwnColumn(subject, rest.substring(by + 4))) {
                    // "The bottom 3 homes by price": homes, ranked by their price.
                    return rows(rest.substring(by + 4), limit, descending);
                }
                var groupCandidate = groupable(subject, false);
                if (groupCandidate.isPresent()) {
                    group = groupCandidate.get();
                    text = by >= 0 ? rest.substring(by + 4) : "count";
                } else {
                    // "top 5 largest houses": rows ordered by a measure, not groups.
                    return rows(rest, limit, descending);
                }
            }
        }
        if (group == null) {
            var grouping = GROUP.matcher(text);
            if (grouping.find() && namesOnlyTheBase(grouping.group(1), text.substring(0, grouping.start()))) {
                // "Average quantity per invoice line": per row of the table itself, no groups.
                text = text.substring(0, grouping.start());
            } else if (grouping.find(0)) {
                group = groupable(grouping.group(1), true).orElse(null);
                var number = NUMBER.matcher(grouping.group(1));
                if (group != null && number.find()) {
                    return notUnderstood("I could not place \"" + number.group() + "\" in the question.");
                }
                if (group == null) {
                    return notUnderstood("I could not tell what to group by in \"" + grouping.group(1) + "\".");
                }
                text = text.substring(0, grouping.start());
            }
            if (group == null && text.contains("with and without")) {
                group = flagMentioned(text).map(this::groupOf).orElse(null);
                text = text.replace("with and without", " ");
            }
        }

        var aggregate = firstAggregate();
        if (aggregate == null && group != null) {
            // "Price by bedrooms" names a number without saying how to combine it: its average per group.
            // "Homes by bedrooms" names none: they are counted.
            aggregate = columnsMentioned(text, true).isEmpty() ? AGGREGATES.getLast() : AVERAGE;
        }
        if (text.contains("correlation") || text.contains("correlate")) {
            return correlation();
        }
        if (aggregate == null && group == null && LIST.matcher(text).find()) {
            return listing();
        }
        if (aggregate == null) {
            return notUnderstood("I could not tell what to compute.");
        }
        Ref measure = null;
        if (aggregate.needsMeasure()) {
            var afterKeyword = text.replaceFirst("^.*?\\b(" + aggregate.words() + ")\\b", "");
            var withoutKeyword = text.replaceFirst("\\b(" + aggregate.words() + ")\\b", " ");
            measure = column(afterKeyword, true)
                    .or(() -> column(withoutKeyword, true))
                    // "Revenue by year": the word that asked for the sum is the measure too.
                    .or(() -> column(text, true))
                    .or(this::impliedMeasure)
                    .orElse(null);
            if (measure == null) {
                return notUnderstood("I could not tell which number to take the " + aggregate.function() + " of.");
            }
            used.add(measure.table());
            // Sums and averages are over the rows that hold the numbers; what else the question
            // names is joined onto them.
            base = measure.table();
        }
        var conversion = measure == null ? null : unitConversion(measure.column());
        var unplaced = unplacedNumber();
        if (unplaced != null) {
            return notUnderstood("I could not place \"" + unplaced + "\" in the question.");
        }
        if (aggregate.function().equals("percentile") && percentile == null) {
            return notUnderstood("I could not tell which percentile the question asks for.");
        }
        var measureSql = switch (aggregate.function()) {
            case "count" -> distinct == null ? "count(*)" : "count(DISTINCT " + ref(distinct) + ")";
            case "median" -> "percentile_cont(0.5) WITHIN GROUP (ORDER BY " + ref(measure) + ")";
            case "percentile" -> "percentile_cont(" + percentile + ") WITHIN GROUP (ORDER BY " + ref(measure) + ")";
            default -> aggregate.function() + "(" + ref(measure) + ")";
        };
        if (conversion != null) {
            measureSql = measureSql + " / " + conversion.divisor();
        }
        var measureLabel = switch (aggregate.function()) {
                    case "count" ->
                        distinct != null
                                ? "number of different "
                                        + plural(distinct.column().label())
                                : "number of " + (qualify ? plural(base.label()) : "rows");
                    case "avg" -> "average " + measure.column().label();
                    case "median" -> "median " + measure.column().label();
                    case "percentile" -> measure.column().label() + " at the " + ordinal(percentile) + " percentile";
                    case "stddev_samp" ->
                        "standard deviation of " + measure.column().label();
                    case "var_samp" -> "variance of " + measure.column().label();
                    case "sum" -> "total " + measure.column().label();
                    default -> aggregate.function() + " " + measure.column().label();
                }
                + (conversion == null ? "" : " in " + conversion.unit());
        var from = from();
        if (from == null) {
            return notUnderstood("I could not connect the tables the question names.");
        }
        if (fansOut && distinct != null) {
            // count(DISTINCT column) counts each value once however often a join repeats it.
            fansOut = false;
        }
        if (fansOut && aggregate.function().equals("count")) {
            // "Students per course": a join through enrollments repeats each student once per
            // enrollment, so students are counted by their key, once each.
            var key = keyOf(base);
            if (key != null) {
                measureSql = "count(DISTINCT " + key + ")";
                fansOut = false;
            }
        }
        if (fansOut && !Set.of("max", "min").contains(aggregate.function())) {
            // Each row of the base table would be counted once per row joined to it.
            return notUnderstood("Relating " + base.label() + " to what the question names repeats each "
                    + base.label() + " row, so a " + (aggregate.function().equals("count") ? "count" : "total")
                    + " would be wrong.");
        }
        var where = whereClause();
        if (share) {
            // A part of the whole: the rows (or the total) that meet the conditions, out of all of them.
            if (!Set.of("count", "sum").contains(aggregate.function())) {
                return notUnderstood(
                        "I can give a percentage of a number of rows or of a total, not of a " + measureLabel + ".");
            }
            if (conversion != null) {
                return notUnderstood(
                        "A percentage has no unit: I could not tell what \"in " + conversion.unit() + "\" is for.");
            }
            if (filters.size() > 1) {
                // "Percentage of Canadian customers with a company": which condition makes the part and
                // which the whole is a guess; a wrong one would be a confident wrong number.
                return notUnderstood("I could not tell which of the conditions ("
                        + String.join(", ", filters.stream().map(Filter::words).toList())
                        + ") the percentage is of. Ask with one condition.");
            }
            if (!filters.isEmpty()) {
                measureSql =
                        "100.0 * " + measureSql + " FILTER (" + where.strip() + ") / NULLIF(" + measureSql + ", 0)";
                where = "";
            } else if (group != null) {
                measureSql = "100.0 * " + measureSql + " / NULLIF(sum(" + measureSql + ") OVER (), 0)";
            } else {
                return notUnderstood("I could not tell what the percentage is of: name a condition (\"with a"
                        + " garage\") or a split (\"by country\").");
            }
            measureLabel = "percentage of "
                    + (aggregate.function().equals("count") && distinct == null ? plural(base.label()) : measureLabel);
        }
        var measureAlias = quote(alias(measureLabel));
        var sql = new StringBuilder("SELECT ");
        if (group != null) {
            sql.append(group.select()).append(", ");
        }
        sql.append(measureSql)
                .append(" AS ")
                .append(measureAlias)
                .append(" FROM ")
                .append(from)
                .append(where);
        if (group != null) {
            sql.append(" GROUP BY ").append(group.reference());
            if (limit != null) {
                sql.append(" ORDER BY ").append(measureAlias).append(descending ? " DESC" : " ASC");
                sql.append(", ").append(group.reference()).append(" LIMIT ").append(limit);
            } else {
                sql.append(" ORDER BY ").append(group.reference());
            }
        }
        return planned(sql.toString(), measureLabel, group == null ? "" : group.label());
    }

    /** Whether "the 3 cheapest homes" ranks the base table's own rows, not groups ("countries by revenue"). */
    private boolean ranksTheBaseTable(String noun) {
        if (noun.contains(" by ") || noun.contains(" per ")) {
            return false;
        }
        var named = tablesNamedIn(noun);
        // "The 5 most expensive houses" of a one-table dataset called housing: its rows, however named.
        return named.equals(List.of(base))
                || named.isEmpty() && column(noun, false).isEmpty();
    }

    /**
     * Whether "top 3 homes by price" ranks the rows of the base table by a column of their own, rather
     * than groups by a total ("top 5 customers by total spending" adds up their invoices).
     */
    private boolean ranksRowsByTheirOwnColumn(String subject, String measure) {
        return tablesNamedIn(subject).equals(List.of(base))
                && column(subject, false).isEmpty()
                && AGGREGATES.stream()
                        .noneMatch(aggregate ->
                                aggregate.pattern().matcher(measure).find())
                && column(measure, true).map(ref -> ref.table().equals(base)).orElse(false);
    }

    private Decision rows(String subject, int limit, boolean descending) {
        var mentionedColumns = columnsMentioned(subject, true);
        if (mentionedColumns.isEmpty()) {
            return notUnderstood("I could not tell which number to rank by.");
        }
        var order = mentionedColumns.getFirst();
        mentionedColumns.forEach(column -> used.add(column.table()));
        var columns = mentionedColumns.stream().map(this::ref).toList();
        var direction = descending ? " DESC" : " ASC";
        // What each ranked row is, first: the five longest tracks by name, then their length.
        var names = namingColumns(order.table()).stream()
                .filter(SchemaWords::isName)
                .map(column -> ref(new Ref(order.table(), column)))
                .filter(name -> !columns.contains(name))
                .toList();
        var from = from();
        if (from == null || fansOut) {
            return notUnderstood("I could not relate the tables the question names without repeating rows.");
        }
        var sql = "SELECT "
                + String.join(
                        ", ", Stream.concat(names.stream(), columns.stream()).toList())
                + " FROM " + from
                + whereClause()
                + " ORDER BY " + String.join(direction + ", ", columns) + direction
                + (descending ? " NULLS LAST" : "")
                + " LIMIT " + limit;
        return planned(sql, order.column().label(), "");
    }

    /**
     * "Average number of tracks per album": the counts of the groups, then their average (or
     * median, maximum, minimum). Groups of a table the counted rows reference are their key.
     */
    private Decision perGroupCount(String said, String per) {
        var function = switch (said) {
            case "average", "avg", "mean" -> "avg";
            case "median" -> "median";
            case "maximum", "max" -> "max";
            default -> "min";
        };
        String key;
        String groupLabel;
        var unit = TIME_UNIT.matcher(per);
        var date = dateColumn();
        var entity = tablesNamedIn(per).stream().findFirst();
        var reference = entity.flatMap(table -> base.foreignKeys().stream()
                .filter(foreignKey -> foreignKey.referencedTable().equals(table.name()))
                .findFirst());
        if (unit.matches() && date != null) {
            used.add(date.table());
            key = "date_trunc('" + stem(unit.group(1)) + "', " + ref(date) + ")";
            groupLabel = stem(unit.group(1));
        } else if (reference.isPresent()) {
            key = String.join(
                    ", ",
                    reference.get().columns().stream()
                            .map(column -> qualify ? quote(base.name()) + "." + quote(column) : quote(column))
                            .toList());
            groupLabel = entity.get().label();
        } else {
            var group = groupable(per, true);
            if (group.isEmpty()) {
                return notUnderstood("I could not tell what to count per in \"" + per + "\".");
            }
            key = group.get().reference();
            groupLabel = group.get().label();
        }
        var from = from();
        if (from == null) {
            return notUnderstood("I could not connect the tables the question names.");
        }
        if (fansOut) {
            return notUnderstood("Relating " + base.label() + " to \"" + per + "\" repeats each " + base.label()
                    + " row, so the counts would be wrong.");
        }
        var label = (function.equals("avg") ? "average" : function) + " number of " + plural(base.label()) + " per "
                + groupLabel;
        var outer = function.equals("median") ? "percentile_cont(0.5) WITHIN GROUP (ORDER BY n)" : function + "(n)";
        var sql = "SELECT " + outer + " AS " + quote(alias(label)) + " FROM (SELECT count(*) AS n FROM " + from
                + whereClause() + " GROUP BY " + key
                + ") AS per_group";
        return planned(sql, label, "");
    }

    /**
     * The aggregate the question asks for first ("the smallest invoice total" is a minimum, of
     * total); at the same word, the one said in more words ("total number of" is a count).
     */
    private @Nullable Aggregate firstAggregate() {
        Aggregate first = null;
        int at = Integer.MAX_VALUE;
        int length = 0;
        for (var candidate : AGGREGATES) {
            var matcher = candidate.pattern().matcher(text);
            if (matcher.find()
                    && (matcher.start() < at || (matcher.start() == at && matcher.end() - matcher.start() > length))) {
                first = candidate;
                at = matcher.start();
                length = matcher.end() - matcher.start();
            }
        }
        return first;
    }

    /** "List the albums by AC/DC": what the rows of the named table are called, filtered. */
    private Decision listing() {
        var entity = tablesNamedIn(text).stream().findFirst().orElse(base);
        if (!entity.equals(base)) {
            return notUnderstood("I could not tell which rows to list.");
        }
        var columns = namingColumns(entity).stream()
                .map(column -> ref(new Ref(entity, column)))
                .toList();
        var from = from();
        if (from == null) {
            return notUnderstood("I could not connect the tables the question names.");
        }
        var list = String.join(", ", columns);
        // A table joined against a reference repeats rows: each is listed once.
        var sql =
                "SELECT " + (fansOut ? "DISTINCT " : "") + list + " FROM " + from + whereClause() + " ORDER BY " + list;
        return planned(sql, entity.label(), "");
    }

    /** "@statistics describe the price": the count, mean, spread and quartiles of a column. */
    Decision describe() {
        extractConditions();
        var numbers = columnsMentioned(text, true);
        if (numbers.isEmpty()) {
            return notUnderstood("Name a number to describe.");
        }
        var column = numbers.getFirst();
        used.add(column.table());
        base = column.table();
        var from = from();
        if (from == null || fansOut) {
            return notUnderstood("I could not relate the tables the question names without repeating rows.");
        }
        var x = ref(column);
        var sql = "SELECT count(" + x + ") AS count, avg(" + x + ") AS mean, stddev_samp(" + x
                + ") AS standard_deviation, min(" + x + ") AS min, " + quartile(0.25, x, "first_quartile") + ", "
                + quartile(0.5, x, "median") + ", " + quartile(0.75, x, "third_quartile") + ", max(" + x
                + ") AS max FROM "
                + from + whereClause();
        return planned(sql, "statistics of " + column.column().label(), "");
    }

    private static String quartile(double fraction, String column, String alias) {
        return "percentile_cont(" + fraction + ") WITHIN GROUP (ORDER BY " + column + ") AS " + alias;
    }

    /**
     * "@ml predict price from area": a least-squares line of one column on another, its slope,
     * intercept and R squared. "The effect of area on price" names the predictor first.
     */
    Decision regression() {
        extractConditions();
        var numbers = columnsMentioned(text, true);
        if (numbers.size() < 2) {
            return notUnderstood("Name the number to predict and the one to predict it from, as in \"predict price"
                    + " from area\".");
        }
        var predictorFirst = Pattern.compile("\\b(?:effect|impact|influence)\\s+of\\b")
                .matcher(text)
                .find();
        var y = predictorFirst ? numbers.get(1) : numbers.get(0);
        var x = predictorFirst ? numbers.get(0) : numbers.get(1);
        used.add(y.table());
        used.add(x.table());
        base = y.table();
        var from = from();
        if (from == null || fansOut) {
            return notUnderstood("I could not relate the tables the question names without repeating rows.");
        }
        var pair = ref(y) + ", " + ref(x);
        var sql = "SELECT regr_slope(" + pair + ") AS slope, regr_intercept(" + pair + ") AS intercept, regr_r2(" + pair
                + ") AS r_squared, regr_count(" + pair + ") AS observations FROM " + from + whereClause();
        return planned(
                sql,
                "linear regression of " + y.column().label() + " on "
                        + x.column().label(),
                "");
    }

    /** The most columns an analysis over "every number" of a table reads. */
    private static final int MOST_COLUMNS = 12;

    /** The most predictors a regression takes when the question names none. */
    private static final int MOST_PREDICTORS = 5;

    /** The most distinct values a numeric column may have to count as groups ("bedrooms"). */
    private static final int FEW_VALUES = 12;

    private static final Pattern AVERAGED = Pattern.compile("\\b(?:average|avg|mean|typical)\\b");
    private static final Pattern COUNTED_OVER_TIME = Pattern.compile("\\b(?:number of|how many|count)\\b");
    private static final Pattern NEGATED = Pattern.compile("\\b(?:not|no|without|never)\\b");

    /**
     * The typed analysis the question asks for in words ({@link AnalysisWords}), with the query that
     * selects exactly the columns it reads; empty when it asks for none, or its words name no columns
     * the analysis fits, so the question is planned as a query instead.
     */
    Optional<Decision> analysis() {
        // Conditions stated with numbers or quotes first: what they test is not what is analysed.
        extractTextMatches();
        extractRanges();
        extractComparisons();
        extractYears();
        var intent = AnalysisWords.read(text, question).orElse(null);
        if (intent == null) {
            return Optional.empty();
        }
        var planned = switch (intent.kind()) {
            case CORRELATION -> correlationMatrix(intent);
            case DESCRIBE -> described(intent);
            case REGRESSION -> regressed(intent);
            case CLASSIFICATION -> classified(intent);
            case CLUSTERS -> clustered(intent);
            case OUTLIERS -> outliers(intent);
            case FORECAST -> forecast(intent);
            case DIFFERENCE -> difference(intent);
            case RELATION -> related(intent);
        };
        return Optional.ofNullable(planned);
    }

    private @Nullable Decision correlationMatrix(AnalysisWords.Intent intent) {
        var columns = numbersIn(intent.subject());
        if (intent.variant().equals("single") && columns.size() == 2) {
            // "The correlation between area and price" asks for one number: the query gives it exactly.
            return null;
        }
        if (columns.size() < 2) {
            columns = numbersOf(columns.isEmpty() ? base : columns.getFirst().table(), MOST_COLUMNS);
        }
        if (columns.size() < 2) {
            return null;
        }
        var coefficient = intent.variant().equals("spearman")
                ? CorrelationMatrix.Coefficient.SPEARMAN
                : CorrelationMatrix.Coefficient.PEARSON;
        var label = (coefficient == CorrelationMatrix.Coefficient.SPEARMAN ? "rank correlation of " : "correlation of ")
                + labels(columns);
        return analysed(columns, List.of(), new CorrelationMatrix(names(columns), coefficient), label, "");
    }

    private @Nullable Decision described(AnalysisWords.Intent intent) {
        var columns = numbersIn(intent.subject());
        if (columns.isEmpty()) {
            columns = numbersOf(base, MOST_COLUMNS);
        }
        if (columns.isEmpty()) {
            return null;
        }
        return analysed(columns, List.of(), new Describe(names(columns)), "statistics of " + labels(columns), "");
    }

    private @Nullable Decision regressed(AnalysisWords.Intent intent) {
        var target = columnsIn(intent.subject()).stream().findFirst().orElse(null);
        if (target == null) {
            return null;
        }
        if (twoValued(target.column())) {
            return classified(intent);
        }
        if (!isNumeric(target.column())) {
            return null;
        }
        var named = columnsIn(intent.other()).stream()
                .filter(column -> !column.equals(target))
                .toList();
        if (!named.isEmpty() && named.stream().noneMatch(column -> isNumeric(column.column()))) {
            // "How does price depend on furnishing status": the means of the groups, compared.
            return compared(target, named.getFirst(), intent.other());
        }
        var predictors =
                named.stream().filter(column -> isNumeric(column.column())).toList();
        if (predictors.isEmpty()) {
            predictors = mostCorrelatedWith(target);
        }
        if (predictors.isEmpty()) {
            return null;
        }
        var columns = concat(target, predictors);
        return analysed(
                columns,
                List.of(),
                new LinearRegression(target.column().name(), names(predictors)),
                "linear regression of " + target.column().label() + " on " + labels(predictors),
                "");
    }

    private @Nullable Decision classified(AnalysisWords.Intent intent) {
        var target = columnsIn(intent.subject()).stream()
                .filter(column -> twoValued(column.column()))
                .findFirst()
                .or(() -> valuesNamedIn(intent.subject()).keySet().stream()
                        .filter(column -> twoValued(column.column()))
                        .findFirst())
                .orElse(null);
        if (target == null) {
            return null;
        }
        var named = numbersIn(intent.other()).stream()
                .filter(column -> !column.equals(target))
                .toList();
        var predictors = named.isEmpty()
                ? numbersOf(target.table(), MOST_PREDICTORS + 1).stream()
                        .filter(column -> !column.equals(target))
                        .limit(MOST_PREDICTORS)
                        .toList()
                : named;
        if (predictors.isEmpty()) {
            return null;
        }
        var negated = NEGATED.matcher(intent.subject()).find();
        String positive = null;
        if (isFlag(target.column())) {
            positive = negated ? negative(target.column()) : positive(target.column());
        } else {
            var values = valuesNamedIn(intent.subject()).getOrDefault(target, List.of());
            positive = values.isEmpty() ? null : values.getFirst();
        }
        return analysed(
                concat(target, predictors),
                List.of(target),
                new LogisticRegression(target.column().name(), names(predictors), positive),
                "logistic regression of " + target.column().label() + (positive == null ? "" : " = " + positive)
                        + " on " + labels(predictors),
                "");
    }

    private @Nullable Decision clustered(AnalysisWords.Intent intent) {
        var columns = numbersIn(intent.subject());
        if (columns.size() < 2) {
            columns = numbersOf(columns.isEmpty() ? base : columns.getFirst().table(), MOST_COLUMNS);
        }
        if (columns.isEmpty()) {
            return null;
        }
        var k = (int) intent.number();
        return analysed(
                columns,
                List.of(),
                new KMeansClustering(names(columns), k),
                (k > 0 ? k + " clusters" : "clusters") + " of " + plural(base.label()) + " by " + labels(columns),
                "");
    }

    private @Nullable Decision outliers(AnalysisWords.Intent intent) {
        var column = numbersIn(intent.subject()).stream().findFirst().orElse(null);
        if (column == null) {
            return null;
        }
        var rule = intent.variant().equals("z") ? OutlierDetection.Rule.Z_SCORE : OutlierDetection.Rule.IQR;
        return analysed(
                List.of(column),
                List.of(),
                new OutlierDetection(column.column().name(), rule, intent.number()),
                "outliers of " + column.column().label(),
                "");
    }

    /**
     * A series per calendar period of the date column (the sum of the measure, or its average or the
     * number of rows when the words say so), its trend and its continuation.
     */
    private @Nullable Decision forecast(AnalysisWords.Intent intent) {
        var value = numbersIn(intent.subject()).stream().findFirst().orElse(null);
        if (value != null) {
            base = value.table();
        }
        var date = dateColumn();
        if (date == null) {
            return null;
        }
        used.add(date.table());
        var unit = intent.unit() == null ? "month" : intent.unit();
        var period = "date_trunc('" + unit + "', " + ref(date) + ")::date";
        String measure;
        String label;
        if (value == null || COUNTED_OVER_TIME.matcher(intent.subject()).find()) {
            measure = "count(*)";
            label = "number of " + plural(base.label());
        } else if (AVERAGED.matcher(intent.subject()).find()) {
            measure = "avg(" + ref(value) + ")";
            label = "average " + value.column().label();
        } else {
            measure = "sum(" + ref(value) + ")";
            label = "total " + value.column().label();
        }
        if (value != null) {
            used.add(value.table());
        }
        extractFlagsAndValues();
        var from = from();
        if (from == null) {
            return null;
        }
        if (fansOut) {
            return notUnderstood("Relating " + base.label() + " to what the question names repeats rows, so a"
                    + " series of totals would be wrong.");
        }
        var alias = alias(label);
        var where = new ArrayList<String>();
        where.add(ref(date) + " IS NOT NULL");
        filters.forEach(filter -> where.add(filter.sql()));
        var sql = "SELECT " + period + " AS " + quote(unit) + ", " + measure + " AS " + quote(alias) + " FROM " + from
                + " WHERE " + String.join(" AND ", where) + " GROUP BY " + period + " ORDER BY " + period;
        var horizon = (int) intent.number();
        return planned(
                sql,
                label + " per " + unit
                        + (horizon > 0 ? " and its forecast " + horizon + " " + plural(unit) + " ahead" : ""),
                unit,
                new TrendForecast(unit, alias, horizon));
    }

    private @Nullable Decision difference(AnalysisWords.Intent intent) {
        var value = numbersIn(intent.subject()).stream().findFirst().orElse(null);
        if (value == null) {
            return null;
        }
        var group = columnsIn(intent.other()).stream()
                .filter(column -> !column.equals(value) && categorical(column.column()))
                .findFirst()
                .or(() -> valuesNamedIn(intent.other()).keySet().stream().findFirst())
                .orElse(null);
        return group == null ? null : compared(value, group, intent.other());
    }

    /**
     * Whether the mean of {@code value} differs between the groups of {@code group}: a t-test for two
     * groups (two values of a column with more, when the words name two), an ANOVA for more.
     */
    private Decision compared(Ref value, Ref group, String groupWords) {
        var named = valuesNamedIn(groupWords).getOrDefault(group, List.of());
        // Two or more values named ("furnished and unfurnished") restrict the groups to those.
        var unrestricted = named.size() >= 2 ? List.<Ref>of() : List.of(group);
        Analysis analysis = named.size() == 2 || named.isEmpty() && twoValued(group.column())
                ? new TTest(value.column().name(), group.column().name())
                : new Anova(value.column().name(), group.column().name());
        return analysed(
                List.of(value, group),
                unrestricted,
                analysis,
                "average " + value.column().label() + " by " + group.column().label(),
                group.column().label());
    }

    private @Nullable Decision related(AnalysisWords.Intent intent) {
        var first = columnsIn(intent.subject()).stream().findFirst().orElse(null);
        var second = columnsIn(intent.other()).stream()
                .filter(column -> !column.equals(first))
                .findFirst()
                .orElse(null);
        if (first == null || second == null) {
            return null;
        }
        var firstCategory = categorical(first.column()) && !measured(first.column());
        var secondCategory = categorical(second.column()) && !measured(second.column());
        if (!firstCategory && !secondCategory) {
            var columns = List.of(first, second);
            return analysed(
                    columns,
                    List.of(),
                    new CorrelationMatrix(names(columns), CorrelationMatrix.Coefficient.PEARSON),
                    "correlation of " + labels(columns),
                    "");
        }
        if (firstCategory && secondCategory) {
            return analysed(
                    List.of(first, second),
                    List.of(),
                    new ChiSquareTest(first.column().name(), second.column().name()),
                    "association of " + first.column().label() + " and "
                            + second.column().label(),
                    "");
        }
        return firstCategory ? compared(second, first, intent.subject()) : compared(first, second, intent.other());
    }

    /**
     * The plan of an analysis: the query selects exactly the columns it reads, in its order, under
     * their own names, with the question's conditions; a condition on an analysed column is dropped
     * ("is garage related to heating" tests no garage = yes).
     *
     * @param unrestricted analysed columns no condition may restrict at all: a group whose two values
     *     named in the words ("furnished and unfurnished") are not the ones compared
     */
    private @Nullable Decision analysed(
            List<Ref> columns, List<Ref> unrestricted, Analysis analysis, String label, String groupLabel) {
        if (columns.stream().map(column -> column.column().name()).distinct().count() < columns.size()) {
            // Two tables' columns of one name would be one result column.
            return null;
        }
        base = columns.getFirst().table();
        columns.forEach(column -> used.add(column.table()));
        extractFlagsAndValues();
        filters.removeIf(filter ->
                columns.contains(filter.column()) && (unrestricted.contains(filter.column()) || filter.oneValue()));
        var from = from();
        if (from == null || fansOut) {
            return notUnderstood("I could not relate the tables the question names without repeating rows.");
        }
        var select = columns.stream()
                .map(column ->
                        qualify ? ref(column) + " AS " + quote(column.column().name()) : ref(column))
                .toList();
        return planned(
                "SELECT " + String.join(", ", select) + " FROM " + from + whereClause(), label, groupLabel, analysis);
    }

    /** Numeric columns the phrase names, keys aside. */
    private List<Ref> numbersIn(String phrase) {
        return columnsMentioned(phrase, true).stream()
                .filter(column -> !isKey(column.column()))
                .toList();
    }

    /** Columns of any type the phrase names, keys aside: by their names, else by a value of theirs. */
    private List<Ref> columnsIn(String phrase) {
        var named = new ArrayList<>(columnsMentioned(phrase, false).stream()
                .filter(column -> !isKey(column.column()))
                .toList());
        if (named.isEmpty()) {
            named.addAll(valuesNamedIn(phrase).keySet());
        }
        if (named.isEmpty()) {
            measureByMeaning(phrase).ifPresent(named::add);
        }
        return named;
    }

    /** The values of categories the phrase names, by their column: "furnished and unfurnished". */
    private Map<Ref, List<String>> valuesNamedIn(String phrase) {
        var named = new java.util.LinkedHashMap<Ref, List<String>>();
        var lower = " " + phrase + " ";
        for (var table : inPreferenceOrder()) {
            for (var column : table.columns()) {
                if (isNumeric(column) || isKey(column)) {
                    continue;
                }
                var left = lower;
                var values = new ArrayList<String>();
                // Longer values first: "semi-furnished" is not "furnished".
                for (var value : column.topValues().stream()
                        .sorted(Comparator.comparingInt(String::length).reversed())
                        .toList()) {
                    var word = asWord(value.toLowerCase(Locale.ROOT), 0).matcher(left);
                    if (value.length() > 3 && word.find()) {
                        values.add(value);
                        left = word.replaceAll(" ");
                    }
                }
                if (!values.isEmpty()) {
                    named.put(new Ref(table, column), List.copyOf(values));
                }
            }
        }
        return named;
    }

    /** The numeric columns of a table, keys aside, in its order. */
    private List<Ref> numbersOf(TableSchema table, int most) {
        return table.columns().stream()
                .filter(column -> isNumeric(column) && !isKey(column) && !twoValued(column))
                .limit(most)
                .map(column -> new Ref(table, column))
                .toList();
    }

    /**
     * The numeric columns most correlated with the target, by the table's profile, at most five;
     * without a profile, the table's numeric columns in order.
     */
    private List<Ref> mostCorrelatedWith(Ref target) {
        var table = target.table();
        var candidates = numbersOf(table, Integer.MAX_VALUE).stream()
                .filter(column -> !column.equals(target))
                .toList();
        if (table.profile() == null || table.profile().correlations().isEmpty()) {
            return candidates.stream().limit(MOST_PREDICTORS).toList();
        }
        var strength = new java.util.HashMap<String, Double>();
        var name = target.column().name();
        for (var correlation : table.profile().correlations()) {
            if (correlation.first().equals(name)) {
                strength.merge(correlation.second(), Math.abs(correlation.coefficient()), Math::max);
            } else if (correlation.second().equals(name)) {
                strength.merge(correlation.first(), Math.abs(correlation.coefficient()), Math::max);
            }
        }
        return candidates.stream()
                .filter(column -> strength.containsKey(column.column().name()))
                .sorted(Comparator.comparingDouble(
                                (Ref column) -> strength.get(column.column().name()))
                        .reversed())
                .limit(MOST_PREDICTORS)
                .toList();
    }

    /** How many different values the column holds, as far as the catalog knows; -1 when unknown. */
    private static long distinctValues(ColumnSchema column) {
        if (column.profile() != null) {
            return column.profile().distinctCount();
        }
        if (isFlag(column) || column.type().equalsIgnoreCase("boolean")) {
            return 2;
        }
        return column.topValues().isEmpty() ? -1 : column.topValues().size();
    }

    /** A column of two values: yes or no, true or false, one of two labels. */
    private static boolean twoValued(ColumnSchema column) {
        return isFlag(column) || column.type().equalsIgnoreCase("boolean") || distinctValues(column) == 2;
    }

    /** A column whose values are groups: text, yes or no, or a number with a few values ("bedrooms"). */
    private static boolean categorical(ColumnSchema column) {
        if (isKey(column) || SqlTypes.isCalendar(column.type())) {
            return false;
        }
        var distinct = distinctValues(column);
        return !isNumeric(column) || distinct > 0 && distinct <= FEW_VALUES;
    }

    /** A numeric column measured rather than counted out in groups: not a 0/1 flag. */
    private static boolean measured(ColumnSchema column) {
        return isNumeric(column) && !twoValued(column);
    }

    private static List<Ref> concat(Ref first, List<Ref> rest) {
        var all = new ArrayList<Ref>();
        all.add(first);
        all.addAll(rest);
        return List.copyOf(all);
    }

    private static List<String> names(List<Ref> columns) {
        return columns.stream().map(column -> column.column().name()).toList();
    }

    /** "price, area and bedrooms". */
    private static String labels(List<Ref> columns) {
        var labels = columns.stream().map(column -> column.column().label()).toList();
        return labels.size() == 1
                ? labels.getFirst()
                : String.join(", ", labels.subList(0, labels.size() - 1)) + " and " + labels.getLast();
    }

    /** The conditions on rows a question states, each taken out of its words. */
    private void extractConditions() {
        extractTextMatches();
        extractRanges();
        extractComparisons();
        extractYears();
        extractFlagsAndValues();
    }

    private Decision correlation() {
        var numbers = columnsMentioned(text, true);
        if (numbers.size() < 2) {
            return notUnderstood("I need two numeric columns to correlate.");
        }
        used.add(numbers.get(0).table());
        used.add(numbers.get(1).table());
        var from = from();
        if (from == null || fansOut) {
            return notUnderstood("I could not relate the tables the question names without repeating rows.");
        }
        var sql = "SELECT corr(" + ref(numbers.get(0)) + ", " + ref(numbers.get(1)) + ") AS "
                + quote("correlation") + " FROM " + from
                + whereClause();
        return planned(
                sql,
                "correlation between " + numbers.get(0).column().label() + " and "
                        + numbers.get(1).column().label(),
                "");
    }

    /** The base table and the joins that bring every other table the plan uses to it; null when one cannot. */
    private @Nullable String from() {
        var needed = used.stream().map(TableSchema::name).toList();
        var joins = new JoinPaths(tables).joins(base.name(), needed);
        if (joins.isEmpty()) {
            return null;
        }
        var from = new StringBuilder(quote(base.name()));
        for (var join : joins.get()) {
            from.append(" JOIN ").append(quote(join.table())).append(" ON ").append(join.on());
            fansOut |= join.fansOut();
        }
        return from.toString();
    }

    /** A table's key as the foreign keys that reference it name it, qualified; null when none does. */
    private @Nullable String keyOf(TableSchema table) {
        var columns = keyColumns(table).stream()
                .map(column -> qualified(table, column))
                .toList();
        if (columns.isEmpty()) {
            return null;
        }
        return columns.size() == 1 ? columns.getFirst() : "(" + String.join(", ", columns) + ")";
    }

    /** A table's key columns, as the first foreign key that references it names them; none when none does. */
    private List<String> keyColumns(TableSchema table) {
        return tables.stream()
                .flatMap(other -> other.foreignKeys().stream())
                .filter(foreignKey -> foreignKey.referencedTable().equals(table.name()))
                .findFirst()
                .map(ForeignKey::referencedColumns)
                .orElse(List.of());
    }

    /** A column as the SQL names it: qualified by its table when the dataset has several. */
    private String ref(Ref ref) {
        return qualify
                ? quote(ref.table().name()) + "." + quote(ref.column().name())
                : quote(ref.column().name());
    }

    /**
     * Whether "per ..." names the table whose numbers the question takes, and no column: "average
     * quantity per invoice line" is over invoice lines, not grouped by them.
     */
    private boolean namesOnlyTheBase(String phrase, String before) {
        return tablesNamedIn(phrase).equals(List.of(base))
                && column(phrase, false).isEmpty()
                && column(before, true)
                        .map(measure -> measure.table().equals(base))
                        .orElse(false);
    }

    /**
     * What "by ...", "which ..." or "top 5 ..." groups by: a column the phrase names, else a table's
     * naming columns, else (unless {@code numbers} is false) a numeric column.
     */
    private Optional<Group> groupable(String phrase, boolean numbers) {
        var column = column(phrase, false);
        if (column.isPresent() && !isNumeric(column.get().column())) {
            return column.map(this::groupOf);
        }
        var entity = tablesNamedIn(phrase);
        if (!entity.isEmpty()) {
            return Optional.of(groupOf(entity.getFirst()));
        }
        return numbers ? column.map(this::groupOf) : Optional.empty();
    }

    private Group groupOf(Ref column) {
        used.add(column.table());
        // Grouped by a column, the rows are no longer pinned to one of its values: "and per country?"
        // after "customers from Canada" is every country.
        filters.removeIf(filter -> filter.oneValue() && filter.column().equals(column));
        return new Group(ref(column), ref(column), column.column().label());
    }

    /** " WHERE ..." for the filters, or nothing. */
    private String whereClause() {
        return filters.isEmpty()
                ? ""
                : " WHERE "
                        + String.join(" AND ", filters.stream().map(Filter::sql).toList());
    }

    /**
     * Rows grouped by what a table is called (its name or title column, or first and last name),
     * and by its key where other tables reference it: two playlists both called "Music" stay two.
     */
    private Group groupOf(TableSchema table) {
        used.add(table);
        var names = namingColumns(table).stream().map(ColumnSchema::name).toList();
        var grouped = new LinkedHashSet<>(names);
        grouped.addAll(keyColumns(table));
        var select = String.join(
                ", ", names.stream().map(name -> qualified(table, name)).toList());
        var reference = String.join(
                ", ", grouped.stream().map(name -> qualified(table, name)).toList());
        return new Group(select, reference, table.label());
    }

    private String qualified(TableSchema table, String column) {
        return qualify ? quote(table.name()) + "." + quote(column) : quote(column);
    }

    /** "In 2023" with a date column: the rows of that calendar year. */
    private void extractYears() {
        var matcher = YEAR.matcher(text);
        var date = dateColumn();
        if (date == null || !matcher.find()) {
            return;
        }
        int year = Integer.parseInt(matcher.group(1));
        calendarYears(date, year, year);
        text = text.substring(0, matcher.start()) + " " + text.substring(matcher.end());
    }

    /** The rows of the calendar years from {@code first} to {@code last}, both included. */
    private void calendarYears(Ref date, int first, int last) {
        used.add(date.table());
        filters.add(new Filter(
                date,
                ref(date) + " >= '" + first + "-01-01' AND " + ref(date) + " < '" + (last + 1) + "-01-01'",
                date.column().label() + (first == last ? " in " + first : " from " + first + " to " + last),
                false));
    }

    /** "Per month", "yearly": rows grouped by a calendar unit of the table's date column. */
    private @Nullable Group timeBucket() {
        var matcher = TIME_BUCKET.matcher(text);
        var date = dateColumn();
        if (date == null || !matcher.find()) {
            return null;
        }
        used.add(date.table());
        var unit = matcher.group(1) != null
                ? matcher.group(1)
                : switch (matcher.group(2)) {
                    case "yearly", "annual", "annually" -> "year";
                    case "quarterly" -> "quarter";
                    case "monthly" -> "month";
                    case "weekly" -> "week";
                    default -> "day";
                };
        text = text.substring(0, matcher.start()) + " " + text.substring(matcher.end());
        var expression = unit.equals("day") || unit.equals("week")
                ? "date_trunc('" + unit + "', " + ref(date) + ")::date"
                : "extract(" + unit + " FROM " + ref(date) + ")::int";
        // By the expression, not the alias: in GROUP BY a column of that name would win over it.
        return new Group(expression + " AS " + unit, expression, unit);
    }

    /**
     * The date or timestamp column of the base table or a table the question names: the one it names,
     * else the first.
     */
    private @Nullable Ref dateColumn() {
        // Only the dates of what the question is about: "customers in 2013" is no employee's birth year.
        var dates = inPreferenceOrder().stream()
                .filter(table -> table.equals(base) || mentioned.contains(table))
                .flatMap(table -> table.columns().stream()
                        .filter(column -> SqlTypes.isCalendar(column.type()))
                        .map(column -> new Ref(table, column)))
                .toList();
        if (dates.isEmpty()) {
            return null;
        }
        return dates.stream()
                .filter(date -> mentions(text, date.column()))
                .findFirst()
                .orElse(dates.getFirst());
    }

    /** A number left over after every construct that uses numbers: the question says something not understood. */
    private @Nullable String unplacedNumber() {
        var matcher = NUMBER.matcher(text);
        return matcher.find() ? matcher.group() : null;
    }

    /** "In minutes" over a column that holds a duration in another unit: what to divide by. */
    private @Nullable Conversion unitConversion(ColumnSchema column) {
        var matcher = IN_UNIT.matcher(text);
        if (!matcher.find()) {
            return null;
        }
        var wanted = SECONDS_PER_UNIT.get(stem(matcher.group(1)));
        var held = nameTokens(column).stream()
                .map(SECONDS_PER_UNIT::get)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        text = text.substring(0, matcher.start()) + " " + text.substring(matcher.end());
        if (wanted == null || held == null || wanted.equals(held)) {
            return null;
        }
        var divisor = wanted / held;
        return new Conversion(
                divisor == Math.rint(divisor) ? (long) divisor + ".0" : Double.toString(divisor), matcher.group(1));
    }

    /** "Percentage of homes with a garage": counted like "number of", then taken as a part of all. */
    private void extractShare() {
        var matcher = SHARE.matcher(text);
        if (matcher.find()) {
            share = true;
            var rest = text.substring(matcher.end());
            // "Share of revenue": a part of a total; "percentage of customers": a part of the rows. The
            // word after "of" tells: a table's rows, or a measure.
            var words = tokens(rest).stream()
                    .filter(word -> !word.equals("the"))
                    .limit(2)
                    .toList();
            var first = words.isEmpty() ? "" : words.getFirst();
            var phrase = String.join(" ", words);
            var ofMeasure = !first.isEmpty()
                    && tablesNamedIn(first).isEmpty()
                    && (first.equals("total")
                            || AGGREGATES.stream()
                                    .filter(aggregate -> aggregate.function().equals("sum"))
                                    .anyMatch(aggregate ->
                                            aggregate.pattern().matcher(first).find())
                            || !columnsMentioned(phrase, true).isEmpty());
            text = text.substring(0, matcher.start()) + (ofMeasure ? " total " : " number of ") + rest;
        }
    }

    /** "The 90th percentile of price": the fraction, and the word that asks for it. */
    private void extractPercentile() {
        var matcher = PERCENTILE.matcher(text);
        if (!matcher.find()) {
            return;
        }
        var said = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
        var hundredths =
                said != null ? Integer.parseInt(said) : Set.of("first", "lower").contains(matcher.group(3)) ? 25 : 75;
        if (hundredths >= 1 && hundredths <= 99) {
            percentile = hundredths / 100.0;
            text = text.substring(0, matcher.start()) + " percentile " + text.substring(matcher.end());
        }
    }

    /** "How many different heating types": the column whose values are counted, once each. */
    private void extractDistinct() {
        var matcher = DISTINCT.matcher(text);
        if (!matcher.find()) {
            return;
        }
        var named = columnsMentioned(matcher.group(2), false);
        if (named.isEmpty()) {
            // "How many different customers": the rows of a table, which the count already is.
            text = text.substring(0, matcher.start()) + matcher.group(1) + " " + matcher.group(2)
                    + text.substring(matcher.end());
            return;
        }
        distinct = named.getFirst();
        used.add(distinct.table());
        base = distinct.table();
        text = text.substring(0, matcher.start()) + matcher.group(1) + " " + text.substring(matcher.end());
    }

    /** "Between 2 and 4 bedrooms": an inclusive range on the column named beside it. */
    private void extractRanges() {
        var matcher = BETWEEN.matcher(text);
        var kept = new StringBuilder();
        int last = 0;
        while (matcher.find()) {
            var after = matcher.group(3) == null ? "" : matcher.group(3);
            var before = text.substring(Math.max(0, last), matcher.start());
            var low = matcher.group(1);
            var high = matcher.group(2);
            var date = dateColumn();
            var namedAfter = columnsMentioned(after, true).stream().findFirst();
            // "Average total between 2022 and 2023": two years and no column named after them are
            // calendar years, even when a number was named before.
            // A column named just before is the range's own ("area between 1950 and 2000") unless it is
            // what the question computes ("average total between 2022 and 2023").
            var measureBefore = AGGREGATES.stream()
                            .anyMatch(aggregate ->
                                    aggregate.pattern().matcher(before).find())
                    || columnsMentioned(before, true).isEmpty();
            var years = namedAfter.isEmpty()
                    && measureBefore
                    && date != null
                    && low.matches("(19|20)\\d\\d")
                    && high.matches("(19|20)\\d\\d");
            var column = namedAfter.or(() -> {
                var named = columnsMentioned(before, true);
                return named.isEmpty() ? Optional.empty() : Optional.of(named.getLast());
            });
            if (years) {
                calendarYears(date, Integer.parseInt(low), Integer.parseInt(high));
            } else if (column.isPresent()) {
                used.add(column.get().table());
                filters.add(new Filter(
                        column.get(),
                        ref(column.get()) + " BETWEEN " + low + " AND " + high,
                        column.get().column().label() + " between " + low + " and " + high,
                        false));
                if (!after.isEmpty() && columnsMentioned(after, true).contains(column.get())) {
                    kept.append(text, last, matcher.start()).append(' ');
                    last = matcher.end();
                    continue;
                }
            } else {
                continue;
            }
            kept.append(text, last, matcher.start()).append(' ').append(after).append(' ');
            last = matcher.end();
        }
        kept.append(text.substring(last));
        text = kept.toString();
    }

    /**
     * "Names containing 'love'", "starting with 'A'": a condition on the text column named before it,
     * else on what the base table's rows are called. Only a quoted text is taken: unquoted, where the
     * text ends is a guess.
     */
    private void extractTextMatches() {
        var matcher = TEXT_MATCH.matcher(text);
        // The k-th quoted text of the words is the k-th of the question, written as the user wrote it.
        var quoted = QUOTED.matcher(question)
                .results()
                .map(result -> result.group(1))
                .toList();
        var k = 0;
        var kept = new StringBuilder();
        int last = 0;
        while (matcher.find()) {
            var before = text.substring(last, matcher.start());
            var named = columnsMentioned(before, false).stream()
                    .filter(ref -> !isNumeric(ref.column()))
                    // "Tracks with a title containing ...": a word for a name is the counted rows' own.
                    .filter(ref -> ref.table().equals(base) || !isName(ref.column()) || !hasName(base))
                    .toList();
            var column = named.isEmpty()
                    ? namingColumns(base).stream().findFirst().map(name -> new Ref(base, name))
                    : Optional.of(named.getLast());
            if (column.isEmpty()) {
                continue;
            }
            // The text as the user wrote it, case and all; matched without regard to case.
            var said = k < quoted.size() && quoted.get(k).equalsIgnoreCase(matcher.group(2))
                    ? quoted.get(k)
                    : matcher.group(2);
            k++;
            var how = matcher.group(1);
            var pattern = how.startsWith("start") || how.startsWith("begin")
                    ? likeEscaped(said) + "%"
                    : how.startsWith("end") ? "%" + likeEscaped(said) : "%" + likeEscaped(said) + "%";
            used.add(column.get().table());
            filters.add(new Filter(
                    column.get(),
                    ref(column.get()) + " ILIKE " + literal(pattern),
                    column.get().column().label() + " "
                            + (how.startsWith("start") || how.startsWith("begin")
                                    ? "starts with"
                                    : how.startsWith("end") ? "ends with" : "contains")
                            + " \"" + said + "\"",
                    false));
            kept.append(text, last, matcher.start()).append(' ');
            last = matcher.end();
        }
        kept.append(text.substring(last));
        text = kept.toString();
    }

    private static boolean hasName(TableSchema table) {
        return table.columns().stream().anyMatch(SchemaWords::isName);
    }

    /** A text for LIKE: its own % and _ are plain characters. */
    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static String ordinal(double fraction) {
        var n = (int) Math.round(fraction * 100);
        var suffix = n % 100 >= 11 && n % 100 <= 13
                ? "th"
                : switch (n % 10) {
                    case 1 -> "st";
                    case 2 -> "nd";
                    case 3 -> "rd";
                    default -> "th";
                };
        return n + suffix;
    }

    private void extractComparisons() {
        var matcher = COMPARISON.matcher(text);
        var kept = new StringBuilder();
        int last = 0;
        while (matcher.find()) {
            var word = matcher.group(4) == null ? "" : matcher.group(4);
            // Names only: a number compared with a column no word names is a number not placed.
            var named = columnsMentioned(word, true);
            var column = named.isEmpty() ? Optional.<Ref>empty() : Optional.of(named.getFirst());
            if (column.isEmpty() && (matcher.group(2) != null || CURRENCIES.contains(stem(word)))) {
                // "More than 1 dollar", "over $5": the price of what is counted.
                column = Optional.ofNullable(measureBySynonym("price"));
            }
            if (column.isEmpty()) {
                continue;
            }
            used.add(column.get().table());
            var said = matcher.group(1);
            var operator = switch (said) {
                case "more than", "greater than", "over", "above" -> ">";
                case "at least", "no less than" -> ">=";
                case "less than", "fewer than", "under", "below" -> "<";
                case "at most", "no more than" -> "<=";
                case "exactly", "equal to" -> "=";
                // "Longer than", "smaller than": the comparative says which way.
                default -> said.matches("(shorter|smaller|lower|lighter|younger) than") ? "<" : ">";
            };
            filters.add(new Filter(
                    column.get(),
                    ref(column.get()) + " " + operator + " " + matcher.group(3),
                    column.get().column().label() + " " + operator + " " + matcher.group(3),
                    false));
            kept.append(text, last, matcher.start()).append(' ');
            last = matcher.end();
        }
        kept.append(text.substring(last));
        text = kept.toString();
    }

    private void extractFlagsAndValues() {
        if (text.contains("with and without")) {
            return;
        }
        for (var table : inPreferenceOrder()) {
            for (var column : table.columns()) {
                var ref = new Ref(table, column);
                var abbreviation = abbreviation(text, column);
                if (isFlag(column) && (mentions(text, column) || abbreviation != null) && !groupedBy(column)) {
                    var said = abbreviation != null ? Pattern.quote(abbreviation) : words(column);
                    var negated = Pattern.compile("\\b(without|no|not)\\s+(a\\s+|an\\s+|the\\s+)?" + said)
                            .matcher(text)
                            .find();
                    var value = negated ? negative(column) : positive(column);
                    used.add(table);
                    filters.add(
                            new Filter(ref, ref(ref) + " = " + literal(value), column.label() + " = " + value, true));
                    text = text.replaceAll(said, " ");
                } else if (column.nullable() && !isFlag(column) && !isKey(column) && lacks(column)) {
                    used.add(table);
                    filters.add(new Filter(ref, ref(ref) + " IS NULL", "no " + column.label(), false));
                    text = text.replaceAll(words(column), " ");
                } else if (!isFlag(column) && !isNumeric(column)) {
                    var named = new ArrayList<String>();
                    // Longer values first: "semi-furnished" is not "furnished".
                    var values = column.topValues().stream()
                            .sorted(Comparator.comparingInt(String::length).reversed())
                            .toList();
                    for (var value : values) {
                        var lower = value.toLowerCase(Locale.ROOT);
                        if (namesValue(value, lower) && !betterNamedElsewhere(table, column, value)) {
                            named.add(value);
                            text = text.replace(lower, " ")
                                    .replaceAll("\\s+", " ")
                                    .strip();
                        }
                    }
                    if (named.size() == 1) {
                        used.add(table);
                        var value = named.getFirst();
                        filters.add(new Filter(
                                ref, ref(ref) + " = " + literal(value), column.label() + " = " + value, true));
                    } else if (named.size() > 1) {
                        // "Gas or electric heating": a row holds one value, so any of those named.
                        used.add(table);
                        filters.add(new Filter(
                                ref,
                                ref(ref) + " IN ("
                                        + String.join(
                                                ", ",
                                                named.stream()
                                                        .map(SchemaWords::literal)
                                                        .toList()) + ")",
                                column.label() + " is " + String.join(" or ", named),
                                false));
                    }
                }
            }
        }
    }

    /**
     * Whether a value the base table's own name column holds is also the name of a row of another
     * table: "albums by Iron Maiden" are the artist's, not the one album of that title (a question
     * that counts or lists rows seldom picks one of them by name).
     */
    private boolean betterNamedElsewhere(TableSchema table, ColumnSchema column, String value) {
        if (!table.equals(base) || !namingColumns(table).contains(column)) {
            return false;
        }
        return tables.stream()
                .filter(other -> !other.equals(table))
                .flatMap(other -> namingColumns(other).stream())
                .anyMatch(other -> other.topValues().stream().anyMatch(value::equalsIgnoreCase));
    }

    /** "Tracks with no composer", "without a company": rows where the column is empty. */
    private boolean lacks(ColumnSchema column) {
        return Pattern.compile("\\b(?:no|without|missing)\\s+(?:a\\s+|an\\s+|the\\s+)?" + words(column))
                .matcher(text)
                .find();
    }

    /**
     * Whether the text names a value as a whole: two characters or more, at least one a letter (a
     * bare number in a question is a quantity, not a name); a value of three characters or fewer
     * only as written, case and all (a code such as "ON" or "CA" is no word).
     */
    private boolean namesValue(String value, String lower) {
        if (lower.length() < 2 || !text.contains(lower) || lower.chars().noneMatch(Character::isLetter)) {
            return false;
        }
        return value.length() <= 3
                ? asWord(value, 0).matcher(question).find()
                : asWord(lower, 0).matcher(text).find();
    }

    /** Whether the question groups by the column ("average price by garage"): then it is no filter. */
    private boolean groupedBy(ColumnSchema column) {
        var grouping = GROUP.matcher(text);
        return grouping.find() && mentions(grouping.group(1), column);
    }

    private Optional<Ref> flagMentioned(String phrase) {
        for (var table : inPreferenceOrder()) {
            for (var column : table.columns()) {
                if (isFlag(column) && mentions(phrase, column)) {
                    return Optional.of(new Ref(table, column));
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Ref> column(String phrase, boolean numericOnly) {
        var found = columnsMentioned(phrase, numericOnly);
        if (found.isEmpty() && numericOnly) {
            return measureByMeaning(phrase);
        }
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    /**
     * Columns the phrase names, in the order it names them. A column is named by its whole name
     * ("billing country", "guestroom" as "guest room"), its label, or, when no column is named
     * whole at that word, by the last word of its name ("price" for {@code unit_price}) or a word
     * that stands for a measure ("revenue"). Where several tables have it, the base table's comes
     * first, then those of tables the question names. Key columns ({@code ..._id}) need their "id".
     */
    private List<Ref> columnsMentioned(String phrase, boolean numericOnly) {
        var found = new LinkedHashSet<Ref>();
        var tokens = tokens(phrase).stream().map(SchemaWords::stem).toList();
        var order = inPreferenceOrder();
        for (int i = 0; i < tokens.size(); i++) {
            Ref whole = null;
            int wholeLength = 0;
            Ref partial = null;
            for (var table : order) {
                for (var column : table.columns()) {
                    if (numericOnly && !isNumeric(column)) {
                        continue;
                    }
                    int length = wholeName(tokens, i, column);
                    if (length > wholeLength) {
                        whole = new Ref(table, column);
                        wholeLength = length;
                    } else if (partial == null && length == 0 && endsWith(column, tokens.get(i))) {
                        partial = new Ref(table, column);
                    }
                }
            }
            if (whole != null) {
                found.add(whole);
                i += wholeLength - 1;
            } else if (partial != null) {
                found.add(partial);
            } else if (numericOnly) {
                var synonym = measureBySynonym(tokens.get(i));
                if (synonym != null) {
                    found.add(synonym);
                }
            }
        }
        return List.copyOf(found);
    }

    /** The measure a superlative of the question implies ("the longest track": its length). */
    private Optional<Ref> impliedMeasure() {
        return SUPERLATIVE_MEASURES.entrySet().stream()
                .filter(entry -> Pattern.compile("\\b" + entry.getKey() + "\\b")
                        .matcher(text)
                        .find())
                .map(entry -> measureBySynonym(entry.getValue()))
                .filter(Objects::nonNull)
                .findFirst();
    }

    /**
     * The numeric column a word of the phrase means, when no word names one: "expense" for a column
     * {@code cost}. The closest by {@link Meanings}, if close enough.
     */
    private Optional<Ref> measureByMeaning(String phrase) {
        Ref best = null;
        double closest = Meanings.SAME;
        for (var word : tokens(phrase)) {
            if (!Meanings.carriesMeaning(word)) {
                continue;
            }
            for (var table : inPreferenceOrder()) {
                for (var column : table.columns()) {
                    if (!isNumeric(column) || isKey(column)) {
                        continue;
                    }
                    for (var name : nameTokens(column)) {
                        double similarity = meanings.similarity(stem(word), name);
                        if (similarity > closest) {
                            closest = similarity;
                            best = new Ref(table, column);
                        }
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Tables a word of the phrase means, when no word names one: "clients" for {@code customer}. A
     * word is compared with each table's whole name ("playlist track" is no "song"), and counts only
     * when one table is clearly closer than any other.
     */
    private List<TableSchema> tablesByMeaning(List<String> tokens) {
        var found = new LinkedHashSet<TableSchema>();
        for (var word : tokens) {
            if (!Meanings.carriesMeaning(word)) {
                continue;
            }
            TableSchema best = null;
            double closest = -1;
            double second = -1;
            for (var table : tables) {
                double similarity = meanings.similarity(
                        word, table.name().toLowerCase(Locale.ROOT).replace('_', ' '));
                if (similarity > closest) {
                    second = closest;
                    closest = similarity;
                    best = table;
                } else if (similarity > second) {
                    second = similarity;
                }
            }
            if (best != null && closest >= Meanings.SAME && closest - second >= 0.05) {
                found.add(best);
            }
        }
        return List.copyOf(found);
    }

    /** The numeric column a measure word such as "revenue" stands for, by preference. */
    private @Nullable Ref measureBySynonym(String word) {
        var candidates = MEASURE_WORDS.get(word);
        if (candidates == null) {
            return null;
        }
        for (var candidate : candidates) {
            for (var table : inPreferenceOrder()) {
                for (var column : table.columns()) {
                    if (isNumeric(column)
                            && !isKey(column)
                            && nameTokens(column).contains(stem(candidate))) {
                        return new Ref(table, column);
                    }
                }
            }
        }
        return null;
    }

    /** The base table, then the tables the question names, then the rest. */
    private List<TableSchema> inPreferenceOrder() {
        var order = new LinkedHashSet<TableSchema>();
        if (base != null) {
            order.add(base);
        }
        order.addAll(mentioned);
        order.addAll(tables);
        return List.copyOf(order);
    }

    /** Tables the phrase names (by name or label, singular or plural), in the order it names them. */
    private List<TableSchema> tablesNamedIn(String phrase) {
        var tokens = tokens(phrase).stream().map(SchemaWords::stem).toList();
        var named = new LinkedHashSet<TableSchema>();
        for (int i = 0; i < tokens.size(); i++) {
            // The longest name that starts here: "invoice lines" is invoice_line, not invoice.
            TableSchema longest = null;
            int length = 0;
            for (var table : tables) {
                var name = List.of(table.name().split("_")).stream()
                        .map(SchemaWords::stem)
                        .toList();
                if (name.size() > length
                        && i + name.size() <= tokens.size()
                        && tokens.subList(i, i + name.size()).equals(name)) {
                    longest = table;
                    length = name.size();
                }
            }
            if (longest != null) {
                named.add(longest);
                i += length - 1;
            }
        }
        return named.isEmpty() && tables.size() > 1 ? tablesByMeaning(tokens) : List.copyOf(named);
    }

    private Decision planned(String sql, String measureLabel, String groupLabel) {
        return planned(sql, measureLabel, groupLabel, null);
    }

    private Decision planned(String sql, String measureLabel, String groupLabel, @Nullable Analysis analysis) {
        return new Decision.Planned(new Plan(
                question,
                dataset.datasetId(),
                dataset.name(),
                base.name(),
                sql,
                measureLabel,
                groupLabel,
                filters.stream().map(Filter::words).toList(),
                analysis));
    }

    private Decision notUnderstood(String reason) {
        var numbers = base.columns().stream()
                .filter(column -> isNumeric(column) && !isKey(column))
                .limit(2)
                .toList();
        var categories = base.columns().stream()
                .filter(column -> !isNumeric(column) && !column.topValues().isEmpty())
                .limit(1)
                .toList();
        var suggestions = new ArrayList<String>();
        suggestions.add("How many rows are in " + base.label() + "?");
        numbers.forEach(number -> suggestions.add("What is the average " + number.label() + "?"));
        if (!numbers.isEmpty() && !categories.isEmpty()) {
            suggestions.add("Show the average " + numbers.getFirst().label() + " by "
                    + categories.getFirst().label());
        }
        return new Decision.NotUnderstood(
                reason + " I know the columns of " + base.label() + ": "
                        + String.join(
                                ", ",
                                base.columns().stream().map(ColumnSchema::label).toList()) + ".",
                suggestions);
    }
}
