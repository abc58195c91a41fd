package dev.analyst.agent.builtin;

import static dev.analyst.agent.builtin.BuiltInPlannerTests.column;
import static dev.analyst.agent.builtin.BuiltInPlannerTests.dataset;
import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.agent.stage.AskedQuestion;
import dev.analyst.agent.stage.Decision;
import dev.analyst.agent.stage.FailedAttempt;
import dev.analyst.agent.stage.Plan;
import dev.analyst.agent.stage.Validation;
import dev.analyst.agent.stage.Verdict;
import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.contracts.dataset.QualityFinding;
import dev.analyst.contracts.dataset.TableProfile;
import dev.analyst.contracts.dataset.TableSchema;
import dev.analyst.contracts.question.AnalystAgent;
import dev.analyst.contracts.step.StepError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The built-in model's stages other than planning: validate, decide, analyse errors, suggest. */
class BuiltInStagesTests {

    private static final Meanings MEANINGS = new Meanings();

    private final BuiltInPlanner planner = new BuiltInPlanner(MEANINGS);

    private final DatasetReady homes = BuiltInPlannerTests.HOMES;

    private final AskedQuestion averagePrice =
            new AskedQuestion("What is the average price?", null, List.of(homes), List.of());

    @Test
    void validatesAgainstTheCallersDatasetsAndSaysWhenThereAreNone() {
        assertThat(new BuiltInValidator().validate(averagePrice))
                .isEqualTo(new Validation(true, "homes", List.of("homes"), ""));
        assertThat(new BuiltInValidator()
                        .validate(new AskedQuestion("What is the average price?", null, List.of(), List.of())))
                .satisfies(validation -> {
                    assertThat(validation.aboutTheData()).isFalse();
                    assertThat(validation.reason()).contains("no datasets");
                });
        assertThat(new BuiltInValidator()
                        .validate(new AskedQuestion("Average price?", "sales", List.of(homes), List.of()))
                        .reason())
                .isEqualTo("You have no dataset named \"sales\".");
    }

    @Test
    void answersAGreetingDirectlyRefusesWithoutDataAndPlansTheRest() {
        var decider = new BuiltInDecider();
        var valid = new Validation(true, "homes", List.of("homes"), "");

        var hello = decider.decide(new AskedQuestion("Hello!", null, List.of(homes), List.of()), valid);
        assertThat(hello.action()).isEqualTo(Verdict.Action.ANSWER);
        assertThat(hello.message()).contains("homes");
        assertThat(decider.decide(averagePrice, valid).action()).isEqualTo(Verdict.Action.PLAN);
        assertThat(decider.decide(averagePrice, new Validation(false, null, List.of(), "No data.")))
                .isEqualTo(new Verdict(Verdict.Action.REFUSE, "No data."));
    }

    @Test
    void mendsANearlyRightColumnNameAndNothingElse() {
        var analyst = new BuiltInErrorAnalyst();
        var plan = plan(averagePrice.text());

        var typo = analyst.analyse(
                averagePrice,
                plan,
                new FailedAttempt(
                        1,
                        "SELECT avg(pricee) AS average_price FROM homes",
                        StepError.UNKNOWN_OBJECT,
                        "column \"pricee\" does not exist"));
        assertThat(typo.sql()).isEqualTo("SELECT avg(price) AS average_price FROM homes");
        assertThat(typo.diagnosis()).isEqualTo("There is no column pricee; price is the nearest name.");

        var unknown = analyst.analyse(
                averagePrice,
                plan,
                new FailedAttempt(
                        1, "SELECT avg(cost) FROM homes", StepError.UNKNOWN_OBJECT, "column \"cost\" does not exist"));
        assertThat(unknown.corrected()).isFalse();
        assertThat(unknown.diagnosis()).isEqualTo("There is no column cost in homes.");

        var timeout = analyst.analyse(
                averagePrice, plan, new FailedAttempt(1, plan.sql(), StepError.TIMEOUT, "canceling statement"));
        assertThat(timeout.corrected()).isFalse();
        assertThat(timeout.diagnosis()).startsWith("The query took too long");
        assertThat(analyst.analyse(averagePrice, plan, new FailedAttempt(1, plan.sql(), null, ""))
                        .corrected())
                .isFalse();
    }

    @Test
    void suggestsOnlyFollowUpsItCanAnswer() {
        var plan = plan("Average price by garage");
        var result = new ResultTable(
                List.of(new ResultColumn("garage", "text"), new ResultColumn("average_price", "numeric")),
                List.of(List.of("no", 100), List.of("yes", 200)),
                false);

        var suggestions = new BuiltInSuggester(planner).suggest(averagePrice, plan, result);

        assertThat(suggestions).containsExactly("Average price by heating type");
        for (var suggestion : suggestions) {
            assertThat(planner.plan(suggestion, "homes", List.of(homes))).isInstanceOf(Decision.Planned.class);
        }
    }

    @Test
    void theStatisticsAgentDescribesANumberAndTheMlAgentFitsALine() {
        var valid = new Validation(true, "homes", List.of("homes"), "");
        var describe = planner.plan(
                new AskedQuestion(
                        "describe the price of homes with a garage",
                        null,
                        List.of(homes),
                        List.of(),
                        AnalystAgent.STATISTICS),
                valid);
        assertThat(((Decision.Planned) describe).plan().sql())
                .isEqualTo("SELECT count(price) AS count, avg(price) AS mean, stddev_samp(price) AS standard_deviation,"
                        + " min(price) AS min, percentile_cont(0.25) WITHIN GROUP (ORDER BY price) AS first_quartile,"
                        + " percentile_cont(0.5) WITHIN GROUP (ORDER BY price) AS median,"
                        + " percentile_cont(0.75) WITHIN GROUP (ORDER BY price) AS third_quartile, max(price) AS max"
                        + " FROM homes WHERE garage = 'yes'");

        var fit = planner.plan(
                new AskedQuestion(
                        "what is the effect of area on price?", null, List.of(homes), List.of(), AnalystAgent.ML),
                valid);
        assertThat(((Decision.Planned) fit).plan().sql())
                .isEqualTo("SELECT regr_slope(price, area) AS slope, regr_intercept(price, area) AS intercept,"
                        + " regr_r2(price, area) AS r_squared, regr_count(price, area) AS observations FROM homes");
        assertThat(planner.plan(
                        new AskedQuestion("predict the price", null, List.of(homes), List.of(), AnalystAgent.ML),
                        valid))
                .isInstanceOf(Decision.NotUnderstood.class);
    }

    @Test
    void theQualityAgentsAnswerFromTheProfileWithoutAQuery() {
        var profiled = dataset(
                "orders",
                new TableSchema(
                        "orders",
                        "orders",
                        10,
                        List.of(column("order_id", "bigint", List.of()), column("note", "text", List.of())),
                        List.of(),
                        new TableProfile(
                                List.of(),
                                List.of(),
                                List.of(new QualityFinding(
                                        "mostly-null", List.of("note"), "note is empty in 90% of rows.")))));
        var valid = new Validation(true, "orders", List.of("orders"), "");

        var cleaning = new BuiltInDecider()
                .decide(
                        new AskedQuestion(
                                "what should I fix?", null, List.of(profiled), List.of(), AnalystAgent.CLEANING),
                        valid);

        assertThat(cleaning.action()).isEqualTo(Verdict.Action.ANSWER);
        assertThat(cleaning.message()).contains("note is empty in 90% of rows.").contains("Fill it from its source");
    }

    @Test
    void reusesTheQueryOfAQuestionAnsweredBeforeWhenItCannotReadOneNearlyTheSame() {
        var valid = new Validation(true, "homes", List.of("homes"), "");
        var sql = "SELECT avg(price) FROM homes WHERE garage = 'yes'";
        var unreadable = "How pricey are homes where you can park a car?";

        var nearly = planner.plan(
                new AskedQuestion(
                        unreadable,
                        null,
                        List.of(homes),
                        List.of(),
                        null,
                        List.of(new AskedQuestion.Example(
                                "homes", "How pricey are homes where one can park a car?", sql, 0.95))),
                valid);
        var loosely = planner.plan(
                new AskedQuestion(
                        unreadable,
                        null,
                        List.of(homes),
                        List.of(),
                        null,
                        List.of(new AskedQuestion.Example("homes", "Average price with a garage", sql, 0.8))),
                valid);

        var otherValue = planner.plan(
                new AskedQuestion(
                        "How pricey are homes where you can park 2 cars?",
                        null,
                        List.of(homes),
                        List.of(),
                        null,
                        List.of(new AskedQuestion.Example(
                                "homes", "How pricey are homes where you can park 3 cars?", sql, 0.97))),
                valid);

        assertThat(((Decision.Planned) nearly).plan().sql()).isEqualTo(sql);
        assertThat(otherValue)
                .as("a different number is a different question")
                .isInstanceOf(Decision.NotUnderstood.class);
        assertThat(loosely).isInstanceOf(Decision.NotUnderstood.class);
    }

    private Plan plan(String question) {
        return ((Decision.Planned) planner.plan(question, null, List.of(homes))).plan();
    }
}
