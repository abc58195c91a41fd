package dev.analyst.execution.dashboard;

import dev.analyst.contracts.dataset.ColumnProfile;
import dev.analyst.contracts.dataset.ColumnSchema;
import dev.analyst.contracts.dataset.Correlation;
import dev.analyst.contracts.dataset.QualityFinding;
import dev.analyst.contracts.dataset.TableSchema;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A table's columns sorted into the roles a dashboard draws them in, from their types and, for a loaded
 * file, their profiles; a connected database's columns (no profile) are judged by type and top values.
 *
 * @param measures numeric columns worth summing or averaging (not keys, coordinates or calendar parts), the
 *     most telling first
 * @param categories low-cardinality text or boolean columns to group by, the best first
 * @param dates date and timestamp columns that span more than one value
 */
record ProfiledTable(
        TableSchema table, List<ColumnSchema> measures, List<ColumnSchema> categories, List<ColumnSchema> dates) {

    /** A category with more groups than this is too fine to group a chart by. */
    static final int MAX_CATEGORIES = 50;

    /** A box plot or a bar chart reads well up to this many groups. */
    static final int FEW_CATEGORIES = 12;

    private static final Set<String> NUMERIC_TYPES = Set.of(
            "smallint",
            "integer",
            "bigint",
            "int",
            "int2",
            "int4",
            "int8",
            "numeric",
            "decimal",
            "real",
            "double precision",
            "float4",
            "float8");

    private static final Set<String> TEXT_TYPES =
            Set.of("text", "character varying", "varchar", "character", "char", "bpchar", "citext", "name");

    /** Names of columns people total or average first ("revenue", "price", "median_house_value"). */
    private static final Pattern TELLING_MEASURE = Pattern.compile(
            "value|price|revenue|sales|amount|income|profit|cost|spend|salary|wage|score|rating|margin|balance");

    private static final Pattern COUNTING_MEASURE =
            Pattern.compile("total|count|quantity|qty|units|volume|number|num_|_num");

    /** Coordinates, codes and calendar parts: numeric, but neither summed nor averaged meaningfully. */
    private static final Pattern NOT_A_MEASURE =
            Pattern.compile("(^|_)(lat|latitude|lon|lng|long|longitude|zip|zipcode|postal|postcode|code|year|month|"
                    + "day|week|hour|phone)($|_)");

    static ProfiledTable of(TableSchema table) {
        List<ColumnSchema> columns = table.columns();
        List<ColumnSchema> measures = columns.stream()
                .filter(column -> isNumeric(column) && !isKeyLike(table, column) && varies(column))
                .filter(column -> !NOT_A_MEASURE.matcher(lower(column.name())).find())
                .sorted(Comparator.comparingInt((ColumnSchema column) -> measureScore(column))
                        .reversed()
                        // The later of two equally telling columns first: a file's target usually comes last.
                        .thenComparing(Comparator.comparingInt(columns::indexOf).reversed()))
                .toList();
        List<ColumnSchema> categories = columns.stream()
                .filter(column -> (isText(column) || isBoolean(column)) && !isKeyLike(table, column))
                .filter(column -> {
                    long distinct = distinct(column);
                    return distinct >= 2 && distinct <= MAX_CATEGORIES;
                })
                .sorted(Comparator.comparingInt((ColumnSchema column) -> distinct(column) <= FEW_CATEGORIES ? 0 : 1)
                        .thenComparingDouble(ProfiledTable::nullShare)
                        .thenComparingInt(columns::indexOf))
                .toList();
        List<ColumnSchema> dates = columns.stream()
                .filter(column -> isTemporal(column) && varies(column))
                .toList();
        return new ProfiledTable(table, measures, categories, dates);
    }

    /** The two measures that move together most strongly, from the profile's correlations. */
    Optional<List<ColumnSchema>> mostCorrelatedPair() {
        var profile = table.profile();
        if (profile == null) {
            return measures.size() >= 2 ? Optional.of(measures.subList(0, 2)) : Optional.empty();
        }
        return profile.correlations().stream()
                .filter(correlation -> !correlation.first().equals(correlation.second()))
                .filter(correlation -> measure(correlation.first()) != null && measure(correlation.second()) != null)
                .max(Comparator.comparingDouble(correlation -> Math.abs(correlation.coefficient())))
                .map(this::pair);
    }

    private List<ColumnSchema> pair(Correlation correlation) {
        return List.of(measureOrThrow(correlation.first()), measureOrThrow(correlation.second()));
    }

    private ColumnSchema measureOrThrow(String name) {
        ColumnSchema column = measure(name);
        if (column == null) {
            throw new IllegalStateException("No measure " + name);
        }
        return column;
    }

    private @Nullable ColumnSchema measure(String name) {
        return measures.stream()
                .filter(column -> column.name().equals(name))
                .findFirst()
                .orElse(null);
    }

    /** How finely a date column's values are worth bucketing on a line: day, month or year. */
    static String timeBucket(ColumnSchema column) {
        ColumnProfile profile = column.profile();
        if (profile == null || profile.range() == null) {
            return "month";
        }
        try {
            long days = ChronoUnit.DAYS.between(
                    LocalDate.parse(datePart(profile.range().min())),
                    LocalDate.parse(datePart(profile.range().max())));
            return days <= 92 ? "day" : days <= 3_660 ? "month" : "year";
        } catch (DateTimeParseException e) {
            return "month";
        }
    }

    private static String datePart(String iso) {
        return iso.length() >= 10 ? iso.substring(0, 10) : iso;
    }

    /** Distinct non-null values: from the profile, else at least the top values; -1 when unknown. */
    static long distinct(ColumnSchema column) {
        ColumnProfile profile = column.profile();
        if (profile != null) {
            return profile.distinctCount();
        }
        return column.topValues().isEmpty() ? -1 : column.topValues().size();
    }

    /** Whether a sum reads better than a mean: amounts and counts add up, prices and rates do not. */
    static boolean additive(ColumnSchema column) {
        String name = lower(column.name());
        return COUNTING_MEASURE.matcher(name).find()
                || name.matches(".*(amount|revenue|sales|profit|cost|spend).*")
                        && !name.matches(".*(avg|mean|median).*");
    }

    static boolean isNumeric(ColumnSchema column) {
        String type = lower(column.type());
        return NUMERIC_TYPES.contains(type)
                || type.startsWith("numeric(")
                || type.startsWith("decimal(")
                || (column.profile() != null && column.profile().numeric() != null);
    }

    static boolean isTemporal(ColumnSchema column) {
        String type = lower(column.type());
        return type.equals("date")
                || type.startsWith("timestamp")
                || (column.profile() != null && column.profile().range() != null);
    }

    static boolean isText(ColumnSchema column) {
        String type = lower(column.type());
        return TEXT_TYPES.contains(type)
                || type.startsWith("character varying")
                || type.startsWith("varchar")
                || type.startsWith("character(")
                || (column.profile() != null && column.profile().text() != null);
    }

    static boolean isBoolean(ColumnSchema column) {
        String type = lower(column.type());
        return type.equals("boolean") || type.equals("bool");
    }

    /** An identifier rather than a quantity or a group: named like one, or different in every row. */
    static boolean isKeyLike(TableSchema table, ColumnSchema column) {
        String name = lower(column.name());
        if (name.equals("id") || name.endsWith("_id") || name.endsWith("_key") || name.equals("uuid")) {
            return true;
        }
        var profile = table.profile();
        boolean foundKey = profile != null
                && profile.findings().stream()
                        .filter(finding -> finding.kind().equals("unique-key"))
                        .map(QualityFinding::columns)
                        .anyMatch(columns -> columns.contains(column.name()));
        return foundKey
                || (!isNumeric(column) || !isFractional(column))
                        && table.rowCount() > 1
                        && distinct(column) == table.rowCount();
    }

    private static boolean isFractional(ColumnSchema column) {
        String type = lower(column.type());
        return !type.contains("int") && !type.equals("bigint") && !type.equals("smallint");
    }

    /** A column with at least two values (or whose values are not known). */
    private static boolean varies(ColumnSchema column) {
        ColumnProfile profile = column.profile();
        return profile == null || profile.distinctCount() >= 2;
    }

    private static double nullShare(ColumnSchema column) {
        return column.profile() == null ? 0 : column.profile().nullShare();
    }

    private static int measureScore(ColumnSchema column) {
        String name = lower(column.name());
        if (TELLING_MEASURE.matcher(name).find()) {
            return 2;
        }
        return COUNTING_MEASURE.matcher(name).find() ? 1 : 0;
    }

    /** What people call a column: its original header, or its SQL name when it has none. */
    static String label(ColumnSchema column) {
        return column.label() == null || column.label().isBlank() ? column.name() : column.label();
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
