package dev.analyst.agent.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.agent.stage.Plan;
import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.ResultTable;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TemplateSummariserTests {

    private final TemplateSummariser summariser = new TemplateSummariser();

    @Test
    void statesASingleValueWithGroupedThousands() {
        var plan = plan("number of rows", "", List.of("country = Brazil"));
        var result = table(List.of(new ResultColumn("number_of_rows", "int8")), List.of(List.of(3503)));

        assertThat(summariser.summarise("How many?", plan, result))
                .isEqualTo("Number of rows in track of music (where country = Brazil): 3,503.");
    }

    @Test
    void namesEachNumberOfAOneRowDescription() {
        var plan = plan("linear regression of price on area", "", List.of());
        var result = table(
                List.of(new ResultColumn("slope", "float8"), new ResultColumn("r_squared", "float8")),
                List.of(List.of(364.32721433213, 0.21490413275284642)));

        assertThat(summariser.summarise("predict price from area", plan, result))
                .isEqualTo("Linear regression of price on area in track of music: slope 364.33, r squared 0.2149.");
    }

    @Test
    void namesGroupsAsTheyStandInTheData() {
        var plan = plan("average sales", "year", List.of());
        var result = table(
                List.of(new ResultColumn("year", "int4"), new ResultColumn("average_sales", "numeric")),
                List.of(List.of(2023, 1050.0), List.of(2024, 1475.5)));

        assertThat(summariser.summarise("Average sales per year", plan, result))
                .isEqualTo("Average sales by year across 2 groups: highest for 2024 (1,475.50), lowest for 2023"
                        + " (1,050).");
    }

    @Test
    void saysWhenNothingMatches() {
        var plan = plan("number of rows", "", List.of("city = Atlantis"));
        var result = table(List.of(new ResultColumn("n", "int8")), List.of());

        assertThat(summariser.summarise("How many?", plan, result))
                .isEqualTo("No rows of track of music match (where city = Atlantis).");
    }

    private static Plan plan(String measure, String group, List<String> filters) {
        return new Plan("a question", UUID.randomUUID(), "music", "track", "SELECT 1", measure, group, filters);
    }

    private static ResultTable table(List<ResultColumn> columns, List<List<Object>> rows) {
        return new ResultTable(
                columns, rows.stream().map(row -> Arrays.asList(row.toArray())).toList(), false);
    }
}
