package dev.analyst.gateway.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.run.AnswerCompleted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class AnswerMarkdownTests {

    private final AnswerMarkdown markdown =
            new AnswerMarkdown(JsonMapper.builder().build());

    @Test
    void escapesPipesSoACellCannotSplitIntoTwo() {
        assertThat(AnswerMarkdown.cell("a|b")).isEqualTo("a\\|b");
    }

    @Test
    void escapesBackslashesBeforePipesSoAValueCannotUnescapeOurPipe() {
        assertThat(AnswerMarkdown.cell("a\\|b")).isEqualTo("a\\\\\\|b");
    }

    @Test
    void turnsEveryKindOfLineBreakIntoABreakInsideTheCell() {
        assertThat(AnswerMarkdown.cell("one\ntwo\r\nthree\rfour")).isEqualTo("one<br>two<br>three<br>four");
    }

    @Test
    void keepsHtmlInCellsAsText() {
        assertThat(AnswerMarkdown.cell("<b>&</b>")).isEqualTo("&lt;b&gt;&amp;&lt;/b&gt;");
    }

    @Test
    void writesNumbersPlainAndNullsEmpty() {
        assertThat(AnswerMarkdown.cell(1.0E7)).isEqualTo("10000000");
        assertThat(AnswerMarkdown.cell(42.5)).isEqualTo("42.5");
        assertThat(AnswerMarkdown.cell(7)).isEqualTo("7");
        assertThat(AnswerMarkdown.cell(null)).isEmpty();
    }

    @Test
    void rendersATableWithNumbersRightAlignedAndEveryRowOnOneLine() {
        var table = AnswerMarkdown.table(new ResultTable(
                List.of(new ResultColumn("region|name", "text"), new ResultColumn("total", "numeric")),
                List.of(row("North\nEast", 42), row(null, 7.25)),
                false));

        assertThat(table).isEqualTo("""
                | region\\|name | total |
                | --- | ---: |
                | North<br>East | 42 |
                |  | 7.25 |""");
    }

    @Test
    void capsTheRowsAndSaysHowManyWereLeftOut() {
        var rows = IntStream.range(0, 25).mapToObj(i -> row("r" + i)).toList();
        var table = AnswerMarkdown.table(new ResultTable(List.of(new ResultColumn("name", "text")), rows, false));

        assertThat(table.lines().filter(line -> line.startsWith("| r"))).hasSize(AnswerMarkdown.MAX_ROWS);
        assertThat(table).contains("| r19 |").doesNotContain("| r20 |").endsWith("_Showing the first 20 of 25 rows._");
    }

    @Test
    void saysWhenTheRowCapCutTheResult() {
        var table = AnswerMarkdown.table(
                new ResultTable(List.of(new ResultColumn("name", "text")), List.of(row("a"), row("b")), true));

        assertThat(table).endsWith("_The result was cut at the row cap of 2 rows._");
    }

    @Test
    void rendersTheExplanationSqlTableChartAndFollowUps() {
        var answer = answer(
                "North sold the most.",
                "SELECT region, sum(amount) AS total FROM sales GROUP BY region",
                new ChartSpec("bar", "Sales by region", "region", List.of("total"), "Region", "Total"),
                List.of("And by month?"));

        var rendered = markdown.render(answer);

        assertThat(rendered)
                .startsWith(
                        "North sold the most.\n\n```sql\nSELECT region, sum(amount) AS total FROM sales GROUP BY region\n```")
                .contains("| region | total |\n| --- | ---: |\n| North | 42 |")
                .contains("**Chart:** Sales by region: a bar chart of Total by Region.\n\n```json\n{")
                .contains("\"type\" : \"bar\"")
                .endsWith("**You could ask next:**\n\n- And by month?");
        assertThat(rendered).isEqualTo(answer.text() + markdown.details(answer));
    }

    @Test
    void leavesTheChartOutWhenTheAnswerIsATable() {
        var answer = answer(
                "Here are the regions.",
                "SELECT region FROM sales",
                new ChartSpec("table", "Regions", "", List.of(), "", ""),
                List.of());

        assertThat(markdown.render(answer)).doesNotContain("**Chart:**").doesNotContain("```json");
    }

    @Test
    void fencesSqlThatHoldsBackticksWithALongerFence() {
        assertThat(AnswerMarkdown.fenced("sql", "SELECT '```'")).isEqualTo("````sql\nSELECT '```'\n````");
    }

    private static AnswerCompleted answer(String text, String sql, ChartSpec chart, List<String> followUps) {
        var result = new ResultTable(
                List.of(new ResultColumn("region", "text"), new ResultColumn("total", "numeric")),
                List.of(row("North", 42)),
                false);
        return new AnswerCompleted(
                UUID.randomUUID(),
                Instant.now(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                "acme",
                text,
                sql,
                result,
                chart,
                followUps);
    }

    private static List<@Nullable Object> row(@Nullable Object... values) {
        return new ArrayList<>(Arrays.asList(values));
    }
}
