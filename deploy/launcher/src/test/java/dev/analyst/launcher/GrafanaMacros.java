package dev.analyst.launcher;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Grafana does to a panel's query before its data source sees it: the global variables of a
 * Prometheus query, and the macros of a PostgreSQL one, expanded to plain SQL as Grafana's PostgreSQL
 * data source expands them, for one time range and interval.
 */
record GrafanaMacros(Instant from, Instant to, Duration interval, Map<String, String> variables) {

    private static final Pattern MACRO = Pattern.compile("\\$__(timeGroupAlias|timeGroup|timeFilter|timeEpoch|time"
            + "|unixEpochFilter|unixEpochGroupAlias|unixEpochGroup|timeFrom|timeTo|unixEpochFrom|unixEpochTo)"
            + "\\(([^()]*)\\)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\[\\[(\\w+)]]|\\$(\\w+)");

    /** A Prometheus query with Grafana's interval and range variables and the template variables replaced. */
    String promql(String expression) {
        var range = seconds(Duration.between(from, to));
        var step = seconds(interval);
        return variables(expression
                .replace("$__rate_interval", step)
                .replace("$__interval_ms", Long.toString(interval.toMillis()))
                .replace("$__interval", step)
                .replace("$__range_s", Long.toString(Duration.between(from, to).toSeconds()))
                .replace("$__range_ms", Long.toString(Duration.between(from, to).toMillis()))
                .replace("$__range", range));
    }

    /** A PostgreSQL query with Grafana's macros expanded to SQL and the template variables replaced. */
    String sql(String query) {
        var macros = MACRO.matcher(query);
        var expanded = new StringBuilder();
        while (macros.find()) {
            macros.appendReplacement(expanded, Matcher.quoteReplacement(expand(macros.group(1), macros.group(2))));
        }
        macros.appendTail(expanded);
        return variables(expanded.toString()
                .replace("$__interval_ms", Long.toString(interval.toMillis()))
                .replace("$__interval", interval.toSeconds() + "s"));
    }

    private String expand(String macro, String arguments) {
        var parts = arguments.split(",");
        var column = parts[0].strip();
        return switch (macro) {
            case "time" -> column + " AS \"time\"";
            case "timeEpoch" -> "extract(epoch from " + column + ") AS \"time\"";
            case "timeFilter" -> column + " BETWEEN " + literal(from) + " AND " + literal(to);
            case "timeFrom" -> literal(from);
            case "timeTo" -> literal(to);
            case "unixEpochFrom" -> Long.toString(from.getEpochSecond());
            case "unixEpochTo" -> Long.toString(to.getEpochSecond());
            case "unixEpochFilter" ->
                column + " >= " + from.getEpochSecond() + " AND " + column + " <= " + to.getEpochSecond();
            case "timeGroup" -> timeGroup(column, parts);
            case "timeGroupAlias" -> timeGroup(column, parts) + " AS \"time\"";
            case "unixEpochGroup" -> unixEpochGroup(column, parts);
            case "unixEpochGroupAlias" -> unixEpochGroup(column, parts) + " AS \"time\"";
            default -> throw new IllegalArgumentException("Unknown macro $__" + macro);
        };
    }

    private String timeGroup(String column, String[] parts) {
        var seconds = groupSeconds(parts);
        return "floor(extract(epoch from " + column + ")/" + seconds + ")*" + seconds;
    }

    private String unixEpochGroup(String column, String[] parts) {
        var seconds = groupSeconds(parts);
        return "floor((" + column + ")/" + seconds + ")*" + seconds;
    }

    private long groupSeconds(String[] parts) {
        if (parts.length < 2) {
            throw new IllegalArgumentException("$__timeGroup needs a column and an interval");
        }
        var value = parts[1].strip().replace("'", "");
        return value.equals("$__interval") ? interval.toSeconds() : parse(value).toSeconds();
    }

    /** A Grafana duration: {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}, {@code 1w}. */
    static Duration parse(String value) {
        var number = Long.parseLong(value.substring(0, value.length() - 1));
        return switch (value.charAt(value.length() - 1)) {
            case 's' -> Duration.ofSeconds(number);
            case 'm' -> Duration.ofMinutes(number);
            case 'h' -> Duration.ofHours(number);
            case 'd' -> Duration.ofDays(number);
            case 'w' -> Duration.ofDays(7 * number);
            default -> throw new IllegalArgumentException("Not a Grafana duration: " + value);
        };
    }

    private String variables(String text) {
        var matcher = VARIABLE.matcher(text);
        var replaced = new StringBuilder();
        while (matcher.find()) {
            var name = matcher.group(1) != null
                    ? matcher.group(1)
                    : matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
            var value = variables.get(name);
            if (value == null) {
                throw new IllegalArgumentException("No value for the variable $" + name + " in " + text);
            }
            matcher.appendReplacement(replaced, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(replaced);
        return replaced.toString();
    }

    private static String literal(Instant instant) {
        return "'" + instant.truncatedTo(ChronoUnit.SECONDS) + "'";
    }

    private static String seconds(Duration duration) {
        return Math.max(1, duration.toSeconds()) + "s";
    }
}
