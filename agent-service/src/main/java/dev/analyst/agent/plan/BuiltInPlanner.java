package dev.analyst.agent.plan;

import dev.analyst.contracts.dataset.ColumnSchema;
import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.contracts.dataset.TableSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The built-in model's planner: offline and deterministic. It links the words of a question to the
 * columns and values of one table by name, label and known values, and recognises aggregates,
 * grouping, comparisons, yes/no flags and top-N. What it cannot place it says so, rather than guess.
 */
@Component
public class BuiltInPlanner implements QuestionPlanner {

    private static final Set<String> YES_NO = Set.of("yes", "no", "y", "n", "true", "false");
    private static final Pattern TOP_N =
            Pattern.compile("\\b(top|first|largest|biggest|highest|bottom|lowest|smallest)\\s+(\\d{1,4})\\b");
    private static final Pattern GROUP =
            Pattern.compile("\\b(?:grouped by|broken down by|for each|for every|by|per|across)\\s+(.+)$");
    private static final Pattern WHICH = Pattern.compile(
            "\\b(?:which|what)\\s+(.+?)\\s+(?:has|have|had|with)\\s+the\\s+(highest|most|largest|biggest|lowest|least|smallest|fewest)\\b(.*)$");
    private static final Pattern COMPARISON = Pattern.compile(
            "\\b(more than|greater than|over|above|at least|no less than|less than|fewer than|under|below|at most|no more than|exactly|equal to)\\s+(-?\\d+(?:\\.\\d+)?)\\s+([a-z][a-z_]*)");

    private static final Pattern TIME_BUCKET =
            Pattern.compile("\\b(?:by|per|for each|for every|each|every|over)\\s+(year|quarter|month|week|day)s?\\b"
                    + "|\\b(yearly|annual|annually|quarterly|monthly|weekly|daily)\\b");
    private static final Pattern YEAR = Pattern.compile("\\b(?:in|during|for|of|from)\\s+((?:19|20)\\d\\d)\\b");
    private static final Pattern NUMBER = Pattern.compile("\\b\\d+(?:\\.\\d+)?\\b");

    /** What rows are grouped by: a column, or a time bucket of a date column. */
    private record Group(String select, String reference, String label) {
        static Group of(ColumnSchema column) {
            return new Group(quote(column.name()), quote(column.name()), column.label());
        }
    }

    private record Aggregate(String function, String words, boolean needsMeasure, Pattern pattern) {
        Aggregate(String function, String words, boolean needsMeasure) {
            this(function, words, needsMeasure, Pattern.compile("\\b(" + words + ")\\b"));
        }
    }

    private static final List<Aggregate> AGGREGATES = List.of(
            new Aggregate("median", "median", true),
            new Aggregate("avg", "average|avg|mean", true),
            new Aggregate("sum", "total|sum", true),
            new Aggregate("max", "maximum|max|largest|highest|biggest|greatest|most expensive|longest", true),
            new Aggregate("min", "minimum|min|smallest|lowest|cheapest|least expensive|shortest", true),
            new Aggregate("count", "how many|number of|count of|count", false));

    @Override
    public Decision plan(String question, @Nullable String datasetName, List<DatasetReady> datasets) {
        if (datasets.isEmpty()) {
            return new Decision.NoDataset("You have no datasets yet. Upload a file or connect a database first.");
        }
        var text = normalise(question);
        DatasetReady dataset;
        if (datasetName != null && !datasetName.isBlank()) {
            var named = datasets.stream()
                    .filter(candidate -> candidate.name().equalsIgnoreCase(datasetName.strip()))
                    .findFirst();
            if (named.isEmpty()) {
                return new Decision.NoDataset("You have no dataset named \"" + datasetName.strip() + "\".");
            }
            dataset = named.get();
        } else {
            dataset = datasets.stream()
                    .max(Comparator.comparingInt(candidate -> datasetScore(candidate, text)))
                    .orElseThrow();
        }
        var table = dataset.tables().stream()
                .max(Comparator.comparingInt(candidate -> tableScore(candidate, text)))
                .orElse(null);
        if (table == null) {
            return new Decision.NoDataset("The dataset \"" + dataset.name() + "\" has no tables yet.");
        }
        return new TablePlan(dataset, table, text).plan();
    }

    /** Plans one question over one table. */
    private static final class TablePlan {
        private final DatasetReady dataset;
        private final TableSchema table;
        private String text;
        private final List<String> where = new ArrayList<>();
        private final List<String> filterWords = new ArrayList<>();

        TablePlan(DatasetReady dataset, TableSchema table, String text) {
            this.dataset = dataset;
            this.table = table;
            this.text = text;
        }

        Decision plan() {
            extractComparisons();
            extractYears();
            extractFlagsAndValues();

            Integer limit = null;
            boolean descending = true;
            Group group = timeBucket();
            String rankingWords = null;

            var which = WHICH.matcher(text);
            var top = TOP_N.matcher(text);
            if (group != null) {
                // Grouped by a time bucket already; nothing else groups.
            } else if (which.find()) {
                group = column(which.group(1), false).map(Group::of).orElse(null);
                limit = 1;
                descending = !Set.of("lowest", "least", "smallest", "fewest").contains(which.group(2));
                rankingWords = which.group(2) + " " + which.group(3);
                text = text.substring(0, which.start()) + " " + rankingWords;
            } else if (top.find()) {
                limit = Integer.parseInt(top.group(2));
                descending = !Set.of("bottom", "lowest", "smallest").contains(top.group(1));
                var rest = text.substring(top.end()).strip();
                var by = rest.indexOf(" by ");
                var subject = by >= 0 ? rest.substring(0, by) : rest;
                var groupCandidate = column(subject, false);
                if (groupCandidate.isPresent() && !isNumeric(groupCandidate.get())) {
                    group = Group.of(groupCandidate.get());
                    text = by >= 0 ? rest.substring(by + 4) : "count";
                } else {
                    // "top 5 largest houses": rows ordered by a measure, not groups.
                    return rows(rest, limit, descending);
                }
            } else {
                var grouping = GROUP.matcher(text);
                if (grouping.find()) {
                    group = column(grouping.group(1), false).map(Group::of).orElse(null);
                    if (group == null) {
                        return notUnderstood("I could not tell what to group by in \"" + grouping.group(1) + "\".");
                    }
                    text = text.substring(0, grouping.start());
                }
                if (group == null && text.contains("with and without")) {
                    group = flagMentioned(text).map(Group::of).orElse(null);
                    text = text.replace("with and without", " ");
                }
            }

            var aggregate = AGGREGATES.stream()
                    .filter(candidate -> candidate.pattern().matcher(text).find())
                    .findFirst()
                    .orElse(null);
            if (aggregate == null && group != null) {
                aggregate = AGGREGATES.getLast();
            }
            if (text.contains("correlation") || text.contains("correlate")) {
                return correlation();
            }
            if (aggregate == null) {
                return notUnderstood("I could not tell what to compute.");
            }
            ColumnSchema measure = null;
            if (aggregate.needsMeasure()) {
                var afterKeyword = text.replaceFirst("^.*?\\b(" + aggregate.words() + ")\\b", "");
                measure =
                        column(afterKeyword, true).or(() -> column(text, true)).orElse(null);
                if (measure == null) {
                    return notUnderstood("I could not tell which number to take the " + aggregate.function() + " of.");
                }
            }
            var unplaced = unplacedNumber();
            if (unplaced != null) {
                return notUnderstood("I could not place \"" + unplaced + "\" in the question.");
            }
            var measureSql = switch (aggregate.function()) {
                case "count" -> "count(*)";
                case "median" -> "percentile_cont(0.5) WITHIN GROUP (ORDER BY " + quote(measure.name()) + ")";
                default -> aggregate.function() + "(" + quote(measure.name()) + ")";
            };
            var measureLabel = switch (aggregate.function()) {
                case "count" -> "number of rows";
                case "avg" -> "average " + measure.label();
                case "median" -> "median " + measure.label();
                case "sum" -> "total " + measure.label();
                default -> aggregate.function() + " " + measure.label();
            };
            var measureAlias = quote(alias(measureLabel));
            var sql = new StringBuilder("SELECT ");
            if (group != null) {
                sql.append(group.select()).append(", ");
            }
            sql.append(measureSql)
                    .append(" AS ")
                    .append(measureAlias)
                    .append(" FROM ")
                    .append(quote(table.name()));
            if (!where.isEmpty()) {
                sql.append(" WHERE ").append(String.join(" AND ", where));
            }
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

        private Decision rows(String subject, int limit, boolean descending) {
            var mentioned = columnsMentioned(subject, true);
            if (mentioned.isEmpty()) {
                return notUnderstood("I could not tell which number to rank by.");
            }
            var order = mentioned.getFirst();
            var columns = mentioned.stream().map(column -> quote(column.name())).toList();
            var direction = descending ? " DESC" : " ASC";
            var sql = "SELECT " + String.join(", ", columns) + " FROM " + quote(table.name())
                    + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                    + " ORDER BY " + String.join(direction + ", ", columns) + direction
                    + " LIMIT " + limit;
            return planned(sql, order.label(), "");
        }

        private Decision correlation() {
            var numbers = columnsMentioned(text, true);
            if (numbers.size() < 2) {
                return notUnderstood("I need two numeric columns to correlate.");
            }
            var sql = "SELECT corr(" + quote(numbers.get(0).name()) + ", "
                    + quote(numbers.get(1).name()) + ") AS "
                    + quote("correlation") + " FROM " + quote(table.name())
                    + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where));
            return planned(
                    sql,
                    "correlation between " + numbers.get(0).label() + " and "
                            + numbers.get(1).label(),
                    "");
        }

        /** "In 2023" with a date column: the rows of that calendar year. */
        private void extractYears() {
            var matcher = YEAR.matcher(text);
            var date = dateColumn();
            if (date == null || !matcher.find()) {
                return;
            }
            int year = Integer.parseInt(matcher.group(1));
            where.add(quote(date.name()) + " >= '" + year + "-01-01' AND " + quote(date.name()) + " < '" + (year + 1)
                    + "-01-01'");
            filterWords.add(date.label() + " in " + year);
            text = text.substring(0, matcher.start()) + " " + text.substring(matcher.end());
        }

        /** "Per month", "yearly": rows grouped by a calendar unit of the table's date column. */
        private @Nullable Group timeBucket() {
            var matcher = TIME_BUCKET.matcher(text);
            var date = dateColumn();
            if (date == null || !matcher.find()) {
                return null;
            }
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
                    ? "date_trunc('" + unit + "', " + quote(date.name()) + ")::date"
                    : "extract(" + unit + " FROM " + quote(date.name()) + ")::int";
            return new Group(expression + " AS " + unit, unit, unit);
        }

        /** The table's date or timestamp column: the one the question names, else the only one. */
        private @Nullable ColumnSchema dateColumn() {
            var dates = table.columns().stream()
                    .filter(column -> SqlTypes.isCalendar(column.type()))
                    .toList();
            if (dates.isEmpty()) {
                return null;
            }
            return dates.stream()
                    .filter(column -> mentions(text, column))
                    .findFirst()
                    .orElse(dates.getFirst());
        }

        /** A number left over after every construct that uses numbers: the question says something not understood. */
        private @Nullable String unplacedNumber() {
            var matcher = NUMBER.matcher(text);
            return matcher.find() ? matcher.group() : null;
        }

        private void extractComparisons() {
            var matcher = COMPARISON.matcher(text);
            var kept = new StringBuilder();
            int last = 0;
            while (matcher.find()) {
                var column = column(matcher.group(3), true);
                if (column.isEmpty()) {
                    continue;
                }
                var operator = switch (matcher.group(1)) {
                    case "more than", "greater than", "over", "above" -> ">";
                    case "at least", "no less than" -> ">=";
                    case "less than", "fewer than", "under", "below" -> "<";
                    case "at most", "no more than" -> "<=";
                    default -> "=";
                };
                where.add(quote(column.get().name()) + " " + operator + " " + matcher.group(2));
                filterWords.add(column.get().label() + " " + operator + " " + matcher.group(2));
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
            for (var column : table.columns()) {
                var abbreviation = abbreviation(text, column);
                if (isFlag(column) && (mentions(text, column) || abbreviation != null)) {
                    var said = abbreviation != null ? Pattern.quote(abbreviation) : words(column);
                    var negated = Pattern.compile("\\b(without|no|not)\\s+(a\\s+|an\\s+|the\\s+)?" + said)
                            .matcher(text)
                            .find();
                    var value = negated ? negative(column) : positive(column);
                    where.add(quote(column.name()) + " = " + literal(value));
                    filterWords.add(column.label() + " = " + value);
                    text = text.replaceAll(said, " ");
                } else if (!isFlag(column) && !isNumeric(column)) {
                    for (var value : column.topValues()) {
                        var lower = value.toLowerCase(Locale.ROOT);
                        if (lower.length() >= 2
                                && Pattern.compile("\\b" + Pattern.quote(lower) + "\\b")
                                        .matcher(text)
                                        .find()) {
                            where.add(quote(column.name()) + " = " + literal(value));
                            filterWords.add(column.label() + " = " + value);
                            text = text.replace(lower, " ");
                            break;
                        }
                    }
                }
            }
        }

        private Optional<ColumnSchema> flagMentioned(String phrase) {
            return table.columns().stream()
                    .filter(column -> isFlag(column) && mentions(phrase, column))
                    .findFirst();
        }

        private Optional<ColumnSchema> column(String phrase, boolean numericOnly) {
            var mentioned = columnsMentioned(phrase, numericOnly);
            return mentioned.isEmpty() ? Optional.empty() : Optional.of(mentioned.getFirst());
        }

        /** Columns the phrase names, in the order the phrase names them. */
        private List<ColumnSchema> columnsMentioned(String phrase, boolean numericOnly) {
            var found = new LinkedHashSet<ColumnSchema>();
            var tokens = tokens(phrase);
            for (int i = 0; i < tokens.size(); i++) {
                for (var column : table.columns()) {
                    if (numericOnly && !isNumeric(column)) {
                        continue;
                    }
                    var name = stem(column.name().replace("_", ""));
                    var single = stem(tokens.get(i));
                    var pair = i + 1 < tokens.size() ? stem(tokens.get(i) + tokens.get(i + 1)) : "";
                    if (name.equals(single)
                            || name.equals(pair)
                            || labelTokens(column).contains(single)
                                    && labelTokens(column).size() == 1) {
                        found.add(column);
                    }
                }
            }
            return List.copyOf(found);
        }

        private Decision planned(String sql, String measureLabel, String groupLabel) {
            return new Decision.Planned(new Plan(
                    dataset.datasetId(), dataset.name(), table.name(), sql, measureLabel, groupLabel, filterWords));
        }

        private Decision notUnderstood(String reason) {
            var numbers = table.columns().stream()
                    .filter(BuiltInPlanner::isNumeric)
                    .limit(2)
                    .toList();
            var categories = table.columns().stream()
                    .filter(column -> !isNumeric(column) && !column.topValues().isEmpty())
                    .limit(1)
                    .toList();
            var suggestions = new ArrayList<String>();
            suggestions.add("How many rows are in " + table.label() + "?");
            numbers.forEach(number -> suggestions.add("What is the average " + number.label() + "?"));
            if (!numbers.isEmpty() && !categories.isEmpty()) {
                suggestions.add("Show the average " + numbers.getFirst().label() + " by "
                        + categories.getFirst().label());
            }
            return new Decision.NotUnderstood(
                    reason + " I know the columns of " + table.label() + ": "
                            + String.join(
                                    ", ",
                                    table.columns().stream()
                                            .map(ColumnSchema::label)
                                            .toList()) + ".",
                    suggestions);
        }
    }

    private static int datasetScore(DatasetReady dataset, String text) {
        return dataset.tables().stream()
                .mapToInt(table -> tableScore(table, text))
                .max()
                .orElse(0);
    }

    private static int tableScore(TableSchema table, String text) {
        var tokens = tokens(text).stream().map(BuiltInPlanner::stem).toList();
        int score = tokens.contains(stem(table.name())) ? 5 : 0;
        for (var column : table.columns()) {
            if (tokens.contains(stem(column.name().replace("_", "")))) {
                score++;
            }
        }
        return score;
    }

    static boolean isNumeric(ColumnSchema column) {
        return SqlTypes.isNumeric(column.type());
    }

    private static boolean isFlag(ColumnSchema column) {
        return !column.topValues().isEmpty()
                && column.topValues().stream().allMatch(value -> YES_NO.contains(value.toLowerCase(Locale.ROOT)));
    }

    private static String positive(ColumnSchema column) {
        return column.topValues().stream()
                .filter(value -> Set.of("yes", "y", "true").contains(value.toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElse("yes");
    }

    private static String negative(ColumnSchema column) {
        return column.topValues().stream()
                .filter(value -> Set.of("no", "n", "false").contains(value.toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElse("no");
    }

    /** Whether the text names the column, as one word or as two words written together ("air conditioning"). */
    private static boolean mentions(String text, ColumnSchema column) {
        return MENTIONS.computeIfAbsent(column.name(), name -> Pattern.compile(words(column)))
                .matcher(text)
                .find();
    }

    /**
     * The words of the text that a column name abbreviates, two or more in a row, each cut to a prefix of
     * at least three letters ("preferred area" for {@code prefarea}, "hot water heating" for
     * {@code hotwaterheating}); null when none do.
     */
    static @Nullable String abbreviation(String text, ColumnSchema column) {
        var name = column.name().replace("_", "");
        var tokens = tokens(text);
        for (int start = 0; start < tokens.size(); start++) {
            int end = abbreviatedUntil(name, tokens, start);
            if (end - start >= 2) {
                return String.join(" ", tokens.subList(start, end));
            }
        }
        return null;
    }

    /** The index after the last token that completes {@code name}, or -1 when the tokens from {@code at} do not. */
    private static int abbreviatedUntil(String name, List<String> tokens, int at) {
        if (name.isEmpty()) {
            return at;
        }
        if (at >= tokens.size()) {
            return -1;
        }
        var token = tokens.get(at);
        for (int length = Math.min(token.length(), name.length()); length >= 3; length--) {
            if (name.startsWith(token.substring(0, length))) {
                int end = abbreviatedUntil(name.substring(length), tokens, at + 1);
                if (end >= 0) {
                    return end;
                }
            }
        }
        return -1;
    }

    /** Column names recur in every question about a dataset; compile each one's pattern once. */
    private static final java.util.Map<String, Pattern> MENTIONS = new java.util.concurrent.ConcurrentHashMap<>();

    /** A pattern for the column's name as people write it: "guestroom" matches "guest room" and "guest rooms". */
    private static String words(ColumnSchema column) {
        var name = column.name().replace("_", "");
        var pattern = new StringBuilder("\\b");
        for (int i = 0; i < name.length(); i++) {
            pattern.append(Pattern.quote(String.valueOf(name.charAt(i))));
            if (i < name.length() - 1) {
                pattern.append("[ _-]?");
            }
        }
        return pattern.append("s?\\b").toString();
    }

    private static Set<String> labelTokens(ColumnSchema column) {
        return Set.copyOf(
                tokens(column.label()).stream().map(BuiltInPlanner::stem).toList());
    }

    static String normalise(String question) {
        return question.toLowerCase(Locale.ROOT)
                .replaceAll("[?!.,;:]", " ")
                .replaceAll("\\s+", " ")
                .strip();
    }

    private static List<String> tokens(String text) {
        return List.of(text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")).stream()
                .filter(token -> !token.isEmpty())
                .toList();
    }

    /** Plural and simple verb endings off, so "bedrooms" finds "bedroom" and "houses" finds "house". */
    static String stem(String word) {
        if (word.endsWith("ies") && word.length() > 4) {
            return word.substring(0, word.length() - 3) + "y";
        }
        if (word.endsWith("es") && word.length() > 4 && !word.endsWith("ses")) {
            return word.substring(0, word.length() - 1);
        }
        if (word.endsWith("s") && !word.endsWith("ss") && word.length() > 3) {
            return word.substring(0, word.length() - 1);
        }
        return word;
    }

    static String quote(String identifier) {
        return identifier.matches("[a-z_][a-z0-9_]*") && !RESERVED.contains(identifier)
                ? identifier
                : "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static final Set<String> RESERVED = Set.of(
            "select", "from", "where", "group", "order", "by", "limit", "user", "table", "column", "and", "or", "not",
            "as", "in", "is", "null", "case", "when", "then", "else", "end", "desc", "asc", "all", "any", "union");

    private static String alias(String label) {
        var alias = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
        return alias.length() > 60 ? alias.substring(0, 60) : alias;
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
