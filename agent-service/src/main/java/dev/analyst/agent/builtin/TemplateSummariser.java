package dev.analyst.agent.builtin;

import dev.analyst.agent.stage.Plan;
import dev.analyst.agent.stage.Summariser;
import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.analysis.AnalysisResult;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The built-in model's summary: a templated sentence or two, every number in it copied from the
 * result, never computed beside it.
 */
@Component
public class TemplateSummariser implements Summariser {

    @Override
    public String summarise(String question, Plan plan, ResultTable result, Consumer<String> pieces) {
        var text = summarise(question, plan, result);
        pieces.accept(text);
        return text;
    }

    @Override
    public String summarise(String question, Plan plan, AnalysisResult analysis, Consumer<String> pieces) {
        var text = summarise(plan, analysis);
        pieces.accept(text);
        return text;
    }

    /**
     * An analysis in words: a lead-in saying what was analysed over which rows, then its findings as
     * sentences; its headline statistics by name when it found nothing to say.
     */
    public String summarise(Plan plan, AnalysisResult analysis) {
        var title = analysis.title().isBlank() ? plan.measureLabel() : analysis.title();
        var lead = SqlTypes.capitalise(title.strip().replaceAll("[.:]+$", "")) + ", over " + source(plan)
                + filters(plan) + ":";
        var sentences = analysis.findings().stream()
                .map(String::strip)
                .filter(finding -> !finding.isEmpty())
                .map(finding -> SqlTypes.capitalise(finding) + (finding.matches(".*[.!?]$") ? "" : "."))
                .toList();
        if (!sentences.isEmpty()) {
            return lead + " " + String.join(" ", sentences);
        }
        var statistics = analysis.statistics().entrySet().stream()
                .map(statistic -> statistic.getKey().replace('_', ' ') + " " + format(statistic.getValue()))
                .toList();
        return statistics.isEmpty()
                ? lead.substring(0, lead.length() - 1) + " found nothing to report."
                : lead + " " + String.join(", ", statistics) + ".";
    }

    private static String filters(Plan plan) {
        return plan.filters().isEmpty() ? "" : " (where " + String.join(" and ", plan.filters()) + ")";
    }

    private static String source(Plan plan) {
        return plan.table().equals(plan.dataset()) ? plan.dataset() : plan.table() + " of " + plan.dataset();
    }

    public String summarise(String question, Plan plan, ResultTable result) {
        var filters = filters(plan);
        var source = source(plan);
        var rows = result.rows();
        if (rows.isEmpty()) {
            return "No rows of " + source + " match" + filters + ".";
        }
        if (rows.size() == 1 && rows.getFirst().size() == 1) {
            return SqlTypes.capitalise(plan.measureLabel()) + " in " + source + filters + ": "
                    + format(rows.getFirst().getFirst()) + ".";
        }
        if (rows.size() == 1 && plan.groupLabel().isEmpty()) {
            // One row of several numbers (a description, a fitted line): each number with its name.
            var row = rows.getFirst();
            var parts = new ArrayList<String>();
            for (int i = 0; i < row.size(); i++) {
                parts.add(result.columns().get(i).name().replace('_', ' ') + " " + format(row.get(i)));
            }
            return SqlTypes.capitalise(plan.measureLabel()) + " in " + source + filters + ": "
                    + String.join(", ", parts) + ".";
        }
        if (!plan.groupLabel().isEmpty() && rows.getFirst().size() >= 2) {
            var best = rows.stream()
                    .max((a, b) -> compare(a.getLast(), b.getLast()))
                    .orElseThrow();
            var worst = rows.stream()
                    .min((a, b) -> compare(a.getLast(), b.getLast()))
                    .orElseThrow();
            var text = SqlTypes.capitalise(plan.measureLabel()) + " by " + plan.groupLabel() + filters + " across "
                    + rows.size()
                    + (rows.size() == 1 ? " group" : " groups") + ": highest for " + key(best.getFirst()) + " ("
                    + format(best.getLast()) + ")";
            if (rows.size() > 1) {
                text += ", lowest for " + key(worst.getFirst()) + " (" + format(worst.getLast()) + ")";
            }
            return text + (result.truncated() ? "; the result was cut at " + rows.size() + " rows." : ".");
        }
        return "Here " + (rows.size() == 1 ? "is the row" : "are the " + rows.size() + " rows") + " of "
                + source + filters + " by " + plan.measureLabel() + ", first " + describe(rows.getFirst())
                + ".";
    }

    private static String describe(List<@Nullable Object> row) {
        return String.join(", ", row.stream().map(TemplateSummariser::format).toList());
    }

    private static int compare(@Nullable Object a, @Nullable Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    /** A group's name as it stands in the data: the year 2024, not "2,024". */
    private static String key(@Nullable Object value) {
        return value instanceof Number number
                        && new BigDecimal(number.toString())
                                        .stripTrailingZeros()
                                        .scale()
                                <= 0
                ? new BigDecimal(number.toString()).toBigInteger().toString()
                : format(value);
    }

    /** Numbers as people read them: grouped thousands, at most two decimals unless the value is tiny. */
    static String format(@Nullable Object value) {
        if (value == null) {
            return "no value";
        }
        if (value instanceof Number number) {
            var decimal = new BigDecimal(number.toString());
            if (decimal.scale() <= 0 || decimal.stripTrailingZeros().scale() <= 0) {
                return String.format(Locale.ROOT, "%,d", decimal.toBigInteger());
            }
            var scale = decimal.abs().compareTo(BigDecimal.ONE) < 0 ? 4 : 2;
            return String.format(Locale.ROOT, "%,." + scale + "f", decimal.setScale(scale, RoundingMode.HALF_EVEN));
        }
        return value.toString();
    }
}
