package dev.analyst.gateway.openai;

import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.run.AnswerCompleted;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * An answer as one Markdown message, since a chat client shows nothing but the message: the explanation,
 * the SQL in a {@code sql} fence, the first rows of the result as a table, the chart and the follow-up
 * questions.
 *
 * <p>The chart is its spec in a {@code json} fence under a one-line description, not the Plotly figure:
 * chat clients draw neither, the spec says in a few lines what is plotted against what (the figure repeats
 * the whole result and can run to megabytes), and a client that does draw charts can render the spec with
 * any library, as the web UI does.
 */
@Component
final class AnswerMarkdown {

    /** Rows a message shows; a chat window is no place for the whole result, which the API still serves. */
    static final int MAX_ROWS = 20;

    private static final Set<String> NUMERIC_TYPES = Set.of(
            "smallint",
            "integer",
            "bigint",
            "int2",
            "int4",
            "int8",
            "numeric",
            "decimal",
            "real",
            "double precision",
            "float4",
            "float8");
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");

    private final JsonMapper mapper;

    AnswerMarkdown(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** The whole answer. */
    String render(AnswerCompleted answer) {
        return answer.text().strip() + details(answer);
    }

    /**
     * Everything after the explanation, starting with a blank line when there is anything: what a stream
     * sends once the explanation has gone out piece by piece.
     */
    String details(AnswerCompleted answer) {
        var markdown = new StringBuilder();
        if (!answer.sql().isBlank()) {
            section(markdown).append(fenced("sql", answer.sql().strip()));
        }
        if (!answer.result().columns().isEmpty()) {
            section(markdown).append(table(answer.result()));
        }
        var chart = chart(answer);
        if (chart != null) {
            section(markdown).append(chart);
        }
        if (!answer.followUps().isEmpty()) {
            section(markdown).append("**You could ask next:**\n");
            answer.followUps().forEach(question -> markdown.append("\n- ").append(inline(question)));
        }
        return markdown.toString();
    }

    /** The first {@link #MAX_ROWS} rows as a GitHub-flavoured Markdown table, saying when rows are left out. */
    static String table(ResultTable result) {
        var markdown = new StringBuilder("|");
        result.columns()
                .forEach(column ->
                        markdown.append(' ').append(cell(column.name())).append(" |"));
        markdown.append("\n|");
        result.columns().forEach(column -> markdown.append(numeric(column) ? " ---: |" : " --- |"));
        var rows = result.rows();
        var shown = Math.min(rows.size(), MAX_ROWS);
        for (var row : rows.subList(0, shown)) {
            markdown.append("\n|");
            for (int i = 0; i < result.columns().size(); i++) {
                markdown.append(' ')
                        .append(cell(i < row.size() ? row.get(i) : null))
                        .append(" |");
            }
        }
        if (rows.isEmpty()) {
            markdown.append("\n\n_The query returned no rows._");
        } else if (shown < rows.size()) {
            markdown.append("\n\n_Showing the first ")
                    .append(shown)
                    .append(" of ")
                    .append(rows.size())
                    .append(result.truncated() ? " rows; the result itself was cut at the row cap._" : " rows._");
        } else if (result.truncated()) {
            markdown.append("\n\n_The result was cut at the row cap of ")
                    .append(rows.size())
                    .append(" rows._");
        }
        return markdown.toString();
    }

    /**
     * A value as one table cell. Cells are data, never markup: a pipe would end the cell and a line break
     * the row, so pipes are escaped and line breaks become {@code <br>}; backslashes are escaped first so
     * a value's own backslash cannot escape our pipe, and {@code & < >} are entities so a value cannot
     * inject HTML.
     */
    static String cell(@Nullable Object value) {
        if (value == null) {
            return "";
        }
        var text = switch (value) {
            case Double number when Double.isFinite(number) -> plain(BigDecimal.valueOf(number));
            case Float number when Float.isFinite(number) -> plain(new BigDecimal(number.toString()));
            case BigDecimal number -> plain(number);
            default -> value.toString();
        };
        var escaped = text.replace("\\", "\\\\")
                .replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("|", "\\|");
        return LINE_BREAK.matcher(escaped).replaceAll("<br>");
    }

    private @Nullable String chart(AnswerCompleted answer) {
        var spec = answer.chart();
        // A table says it all already, and a number is in the explanation.
        if (spec.type().equals("table") || spec.type().equals("number")) {
            return null;
        }
        var description = new StringBuilder("**Chart:** ");
        if (!spec.title().isBlank()) {
            description.append(inline(spec.title())).append(": ");
        }
        description.append(article(spec.type())).append(' ').append(spec.type().replace('_', ' '));
        description.append(" chart of ").append(inline(measures(spec)));
        if (!spec.x().isBlank()) {
            description.append(" by ").append(inline(label(spec.xLabel(), spec.x())));
        }
        if (spec.series() != null) {
            description.append(", one series per ").append(inline(spec.series()));
        }
        if (!spec.aggregation().equals("none")) {
            description.append(" (").append(spec.aggregation()).append(')');
        }
        description.append('.');
        var figure = answer.figure();
        if (figure != null && figure.sampling() != null) {
            description.append(" _").append(inline(figure.sampling())).append("._");
        }
        return description + "\n\n"
                + fenced("json", mapper.writerWithDefaultPrettyPrinter().writeValueAsString(spec));
    }

    private static String measures(ChartSpec spec) {
        if (spec.y().size() == 1) {
            return label(spec.yLabel(), spec.y().getFirst());
        }
        return String.join(", ", spec.y());
    }

    private static String label(String label, String column) {
        return label.isBlank() ? column : label;
    }

    private static String article(String type) {
        return "aeiou".indexOf(type.toLowerCase(Locale.ROOT).charAt(0)) >= 0 ? "an" : "a";
    }

    /** A fence longer than any run of backticks in the content, so the content cannot close it. */
    static String fenced(String language, String content) {
        var longest = 0;
        var run = 0;
        for (var c : content.toCharArray()) {
            run = c == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        var fence = "`".repeat(Math.max(3, longest + 1));
        return fence + language + "\n" + content + "\n" + fence;
    }

    /** Text from the data or a model on one line: a newline there would break the list or the sentence. */
    private static String inline(String text) {
        return LINE_BREAK.matcher(text.strip()).replaceAll(" ");
    }

    private static boolean numeric(ResultColumn column) {
        return NUMERIC_TYPES.contains(column.type().toLowerCase(Locale.ROOT));
    }

    private static String plain(BigDecimal number) {
        return number.toPlainString();
    }

    private static StringBuilder section(StringBuilder markdown) {
        return markdown.append("\n\n");
    }
}
