package dev.analyst.agent.hosted;

import dev.analyst.agent.model.HostedModel;
import dev.analyst.agent.model.Metering;
import dev.analyst.agent.model.ModelUnavailable;
import dev.analyst.agent.stage.AskedQuestion;
import dev.analyst.agent.stage.ChartDesigner;
import dev.analyst.agent.stage.Correction;
import dev.analyst.agent.stage.Decider;
import dev.analyst.agent.stage.Decision;
import dev.analyst.agent.stage.ErrorAnalyst;
import dev.analyst.agent.stage.FailedAttempt;
import dev.analyst.agent.stage.FollowUpSuggester;
import dev.analyst.agent.stage.Plan;
import dev.analyst.agent.stage.QuestionPlanner;
import dev.analyst.agent.stage.Summariser;
import dev.analyst.agent.stage.Validation;
import dev.analyst.agent.stage.Validator;
import dev.analyst.agent.stage.Verdict;
import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.analysis.Analysis;
import dev.analyst.contracts.analysis.AnalysisResult;
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
import dev.analyst.contracts.dataset.TableSchema;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * One hosted model's adapter for every stage. Prompts are short on purpose: a simple question costs
 * under 2,000 prompt tokens across all stages. Each answer is read as the stage's record and checked
 * against the data (a dataset, table or column the model names must exist); an answer that fails is
 * {@link ModelUnavailable}, and the chain moves on.
 */
public final class HostedStages
        implements Validator, Decider, QuestionPlanner, ErrorAnalyst, Summariser, ChartDesigner, FollowUpSuggester {

    private static final String JSON_ONLY = " Reply with JSON only.";
    private static final int RESULT_ROWS = 20;
    /** The most table names of one dataset the validate stage sees: the most relevant ones. */
    private static final int TABLE_NAMES = 40;

    private final HostedModel model;
    private final Metering metering;
    private final JsonMapper mapper;

    public HostedStages(HostedModel model, Metering metering, JsonMapper mapper) {
        this.model = model;
        this.metering = metering;
        this.mapper = mapper.rebuild()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    @Override
    public Validation validate(AskedQuestion question) {
        var datasets = question.datasets().stream()
                .map(dataset ->
                        "- " + dataset.name() + ": " + SchemaPrompt.names(dataset, question.text(), TABLE_NAMES))
                .collect(Collectors.joining("\n"));
        var answer = ask(
                "validate",
                "You route a question to one of the user's datasets. aboutTheData is false when no dataset"
                        + " can answer it; then reason says why, in one sentence to the user. tables lists the"
                        + " dataset's tables the question needs, most relevant first.",
                "Datasets:\n" + datasets + turns(question) + "\nQuestion: " + question.text(),
                Validation.class);
        if (!answer.aboutTheData()) {
            return new Validation(false, null, List.of(), answer.reason());
        }
        var dataset = dataset(question, answer.dataset());
        var tables = answer.tables().stream()
                .filter(name ->
                        dataset.tables().stream().anyMatch(table -> table.name().equals(name)))
                .toList();
        return new Validation(true, dataset.name(), tables, answer.reason());
    }

    @Override
    public Verdict decide(AskedQuestion question, Validation validation) {
        var answer = ask(
                "decide",
                "You decide what to do with a question about data. action: ANSWER for a greeting or a question"
                        + " about you or which data there is (message: the answer); CLARIFY when readings of it"
                        + " give different answers (message: one short question back); PLAN when a query can"
                        + " answer it (message empty); REFUSE when the data cannot or must not answer it"
                        + " (message: why).",
                "Datasets: "
                        + question.datasets().stream().map(DatasetReady::name).collect(Collectors.joining(", "))
                        + "\nRelevant: " + validation.dataset() + " " + validation.tables() + turns(question)
                        + "\nQuestion: " + question.text(),
                Verdict.class);
        if (answer.action() == null) {
            throw new ModelUnavailable(model.provider() + "/" + model.model() + ": a decision without an action");
        }
        if (answer.action() != Verdict.Action.PLAN
                && (answer.message() == null || answer.message().isBlank())) {
            throw new ModelUnavailable(model.provider() + "/" + model.model() + ": a decision without its message");
        }
        if (answer.action() == Verdict.Action.ANSWER && answer.message().chars().anyMatch(Character::isDigit)) {
            // Numbers come from queries, where they can be checked: a direct answer with one is planned.
            return new Verdict(Verdict.Action.PLAN, "");
        }
        return answer;
    }

    @Override
    public Decision plan(AskedQuestion question, Validation validation) {
        var dataset = dataset(question, validation.dataset());
        var answer = ask(
                "plan",
                "You write one read-only PostgreSQL SELECT that answers the question from this schema, using"
                        + " only its tables and columns. Name result columns in snake_case. If the schema cannot"
                        + " answer it, answerable is false and reason says which words you could not place."
                        + " measureLabel says what the numbers are, groupLabel what rows are grouped by (or"
                        + " empty), filters the conditions, in words." + ANALYSIS + addressed(question),
                "Schema:\n"
                        + SchemaPrompt.of(dataset, question.text(), validation.tables(), SchemaPrompt.BUDGET_CHARACTERS)
                        + examples(question) + turns(question) + "\nQuestion: " + question.text(),
                PlanDraft.class);
        if (!answer.answerable() || answer.sql() == null || answer.sql().isBlank()) {
            return new Decision.NotUnderstood(
                    answer.reason() == null || answer.reason().isBlank()
                            ? "I could not map this question onto " + dataset.name() + "."
                            : answer.reason(),
                    List.of());
        }
        var table = dataset.tables().stream()
                .map(TableSchema::name)
                .filter(name -> name.equalsIgnoreCase(Objects.requireNonNullElse(answer.table(), "")))
                .findFirst()
                .orElse(dataset.tables().getFirst().name());
        var sql = answer.sql().strip().replaceAll(";\\s*$", "");
        return new Decision.Planned(new Plan(
                question.text(),
                dataset.datasetId(),
                dataset.name(),
                table,
                sql,
                Objects.requireNonNullElse(answer.measureLabel(), "result"),
                Objects.requireNonNullElse(answer.groupLabel(), ""),
                Objects.requireNonNullElse(answer.filters(), List.of()),
                answer.analysis() == null ? null : analysis(answer.analysis(), dataset, sql)));
    }

    /**
     * The typed operation a model chose, checked against the data: a known operation, every column it
     * reads named by the query and either a column of the dataset or a result the query names itself
     * ({@code AS month}). Anything else is no answer, and the chain moves on.
     */
    private Analysis analysis(AnalysisDraft draft, DatasetReady dataset, String sql) {
        Analysis analysis;
        try {
            analysis = draft.analysis();
        } catch (RuntimeException e) {
            throw new ModelUnavailable(
                    model.provider() + "/" + model.model() + ": an analysis that is not one the analyst has", e);
        }
        var known = dataset.tables().stream()
                .flatMap(table -> table.columns().stream())
                .map(ColumnSchema::name)
                .collect(Collectors.toSet());
        for (var column : analysis.columns()) {
            var named = Pattern.compile("(?i)(?<![\\w\"])\"?" + Pattern.quote(column) + "\"?(?![\\w\"])")
                    .matcher(sql)
                    .find();
            var aliased = Pattern.compile("(?i)\\bAS\\s+\"?" + Pattern.quote(column) + "\"?(?![\\w\"])")
                    .matcher(sql)
                    .find();
            if (!named || !known.contains(column) && !aliased) {
                throw new ModelUnavailable(model.provider() + "/" + model.model() + ": an analysis of a column \""
                        + column + "\" the query does not select");
            }
        }
        return analysis;
    }

    @Override
    public Correction analyse(AskedQuestion question, Plan plan, FailedAttempt failure) {
        var dataset = dataset(question, plan.dataset());
        var answer = ask(
                "analyse-error",
                "A query did not answer the question. diagnosis says why in one sentence a user understands."
                        + " sql is a corrected read-only PostgreSQL SELECT using only the schema, or empty when"
                        + " no rewrite can help (a permission, or no rows that truly match).",
                "Schema:\n"
                        + SchemaPrompt.of(
                                dataset, question.text(), List.of(plan.table()), SchemaPrompt.BUDGET_CHARACTERS)
                        + "\nQuestion: " + question.text() + "\nSQL: " + failure.sql() + "\nError ("
                        + (failure.empty() ? "EMPTY_RESULT" : failure.error()) + "): " + failure.message(),
                Correction.class);
        return new Correction(
                Objects.requireNonNullElse(answer.diagnosis(), ""),
                Objects.requireNonNullElse(answer.sql(), "").strip().replaceAll(";\\s*$", ""));
    }

    @Override
    public String summarise(String question, Plan plan, ResultTable result, Consumer<String> pieces) {
        return written(
                "Answer the question in two or three plain sentences from the query result. Use only numbers that"
                        + " appear in the result; you may group thousands and round to two decimals. No preamble,"
                        + " no markdown.",
                "Question: " + question + "\n" + result(result),
                pieces);
    }

    @Override
    public String summarise(String question, Plan plan, AnalysisResult analysis, Consumer<String> pieces) {
        var statistics = analysis.statistics().entrySet().stream()
                .map(statistic -> statistic.getKey() + " = " + statistic.getValue())
                .collect(Collectors.joining(", "));
        return written(
                "Answer the question in two or three plain sentences from what the analysis found. Use only"
                        + " numbers that appear in its findings, statistics or table; you may group thousands and"
                        + " round to two decimals. Say what the numbers mean for the question (a p-value below"
                        + " 0.05 is significant). No preamble, no markdown.",
                "Question: " + question + "\nAnalysis: " + analysis.title() + "\nFindings:\n- "
                        + String.join("\n- ", analysis.findings()) + "\nStatistics: " + statistics + "\n"
                        + result(analysis.table()),
                pieces);
    }

    /** A summary streamed by the model, its pieces sent on as they come. */
    private String written(String instructions, String content, Consumer<String> pieces) {
        var text = model.stream(
                "summarise", metering, List.of(SystemMessage.from(instructions), UserMessage.from(content)), pieces);
        if (text == null || text.isBlank()) {
            throw new ModelUnavailable(model.provider() + "/" + model.model() + ": an empty summary");
        }
        return text.strip();
    }

    @Override
    public ChartSpec design(Plan plan, ResultTable result) {
        var chart = ask(
                "chart",
                "Choose the chart that shows this result best. type: one of "
                        + String.join(", ", new TreeSet<>(ChartSpec.TYPES))
                        + "; x: a column name; y: column names; series: a column whose values split the rows into"
                        + " series, or null; aggregation: none, sum, mean, count, min or max; title and axis labels"
                        + " in words.",
                "Question: " + plan.question() + "\n" + result(result.rows().size() > 3 ? head(result, 3) : result)
                        + "\nRows: " + result.rows().size(),
                ChartSpec.class);
        var columns = result.columns().stream().map(ResultColumn::name).collect(Collectors.toSet());
        var fits = chart.type() != null
                && ChartSpec.TYPES.contains(chart.type())
                && (chart.x() == null || chart.x().isEmpty() || columns.contains(chart.x()))
                && chart.y() != null
                && columns.containsAll(chart.y())
                && (chart.series() == null || columns.contains(chart.series()))
                && ChartSpec.AGGREGATIONS.contains(chart.aggregation());
        if (!fits) {
            throw new ModelUnavailable(
                    model.provider() + "/" + model.model() + ": a chart of columns the result lacks");
        }
        return new ChartSpec(
                chart.type(),
                Objects.requireNonNullElse(chart.title(), ""),
                Objects.requireNonNullElse(chart.x(), ""),
                chart.y(),
                Objects.requireNonNullElse(chart.xLabel(), ""),
                Objects.requireNonNullElse(chart.yLabel(), ""),
                chart.series(),
                chart.aggregation());
    }

    @Override
    public List<String> suggest(AskedQuestion question, Plan plan, ResultTable result) {
        var dataset = dataset(question, plan.dataset());
        var table = dataset.tables().stream()
                .filter(candidate -> candidate.name().equals(plan.table()))
                .findFirst()
                .orElse(dataset.tables().getFirst());
        var answer = ask(
                "suggest",
                "Suggest three short follow-up questions the user could ask next, each answerable from the table.",
                "Table: " + SchemaPrompt.table(table) + "\nQuestion: " + question.text(),
                Suggestions.class);
        return Objects.requireNonNullElse(answer.questions(), List.<String>of()).stream()
                .filter(Objects::nonNull)
                .map(String::strip)
                .filter(text -> !text.isEmpty() && text.length() <= 200)
                .limit(3)
                .toList();
    }

    private <T> T ask(String stage, String instructions, String content, Class<T> type) {
        List<ChatMessage> messages = List.of(SystemMessage.from(instructions + JSON_ONLY), UserMessage.from(content));
        var text = model.complete(stage, metering, messages, schema(type));
        try {
            return mapper.readValue(json(text), type);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new ModelUnavailable(
                    model.provider() + "/" + model.model() + ": an answer that is not the JSON asked for", e);
        }
    }

    private static JsonSchema schema(Class<?> type) {
        return JsonSchema.builder()
                .name(type.getSimpleName())
                .rootElement(JsonSchemaElementUtils.jsonSchemaElementFrom(type))
                .build();
    }

    /** The JSON object in an answer, without the code fences some models wrap it in. */
    static String json(@Nullable String text) {
        if (text == null) {
            throw new IllegalArgumentException("no answer");
        }
        var start = text.indexOf('{');
        var end = text.lastIndexOf('}');
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("no JSON object in the answer");
        }
        return text.substring(start, end + 1);
    }

    private DatasetReady dataset(AskedQuestion question, @Nullable String name) {
        return question.datasetNamed(name)
                .orElseThrow(() -> new ModelUnavailable(
                        model.provider() + "/" + model.model() + ": a dataset the caller does not have: " + name));
    }

    /** What the agent the user addressed ("@statistics") is for, as an instruction. */
    private static String addressed(AskedQuestion question) {
        var agent = question.agent();
        return agent == null ? "" : " The user addressed the " + agent.mention() + " agent: " + agent.description();
    }

    /** Answers this tenant marked correct for questions like this one. */
    private static String examples(AskedQuestion question) {
        return question.examples().isEmpty()
                ? ""
                : "\nAnswered correctly before:\n"
                        + question.examples().stream()
                                .map(example -> "Q: " + example.question() + "\nSQL: " + example.sql())
                                .collect(Collectors.joining("\n"));
    }

    /** The conversation so far, oldest first: a follow-up is read against it. */
    private static String turns(AskedQuestion question) {
        return question.turns().isEmpty()
                ? ""
                : "\nEarlier turns:\n"
                        + question.turns().stream()
                                .map(turn -> "Q: " + turn.question() + "\nSQL: " + turn.sql())
                                .collect(Collectors.joining("\n"));
    }

    /** A result as a prompt sees it: a header, then at most twenty rows, cells cut short. */
    static String result(ResultTable result) {
        var header = result.columns().stream().map(ResultColumn::name).collect(Collectors.joining(" | "));
        var rows = result.rows().stream()
                .limit(RESULT_ROWS)
                .map(row -> row.stream()
                        .map(cell -> cell == null ? "" : SchemaPrompt.cut(cell.toString()))
                        .collect(Collectors.joining(" | ")))
                .collect(Collectors.joining("\n"));
        var more = result.rows().size() > RESULT_ROWS || result.truncated()
                ? "\n(" + result.rows().size() + (result.truncated() ? "+" : "") + " rows in all)"
                : "";
        return "Result:\n" + header + "\n" + rows + more;
    }

    private static ResultTable head(ResultTable result, int rows) {
        return new ResultTable(result.columns(), result.rows().subList(0, rows), result.truncated());
    }

    /** What the plan stage asks a model for. */
    record PlanDraft(
            boolean answerable,
            @Nullable String reason,
            @Nullable String table,
            @Nullable String sql,
            @Nullable String measureLabel,
            @Nullable String groupLabel,
            @Nullable List<String> filters,
            @Nullable AnalysisDraft analysis) {}

    private static final String ANALYSIS = " When the question asks for statistics beyond a query (a correlation"
            + " matrix, summary statistics, a regression, clusters, outliers, a forecast, a comparison of means"
            + " or a test of independence), set analysis: operation is one of "
            + String.join(", ", AnalysisDraft.OPERATIONS)
            + "; name result columns of your SQL, which selects exactly the columns the operation reads (for"
            + " TrendForecast, one row per period: time and value). Otherwise analysis is null.";

    /**
     * An analysis as a model writes it: one flat record for every operation, read into the typed one.
     *
     * @param operation the operation's name, as {@code Analysis} names its types
     * @param columns the columns of Describe, CorrelationMatrix, KMeansClustering, OutlierDetection (one),
     *     ChiSquareTest (two)
     * @param target what a regression explains
     * @param value the numeric column of TTest, Anova and TrendForecast
     * @param group the column whose groups TTest and Anova compare
     * @param time the period column of TrendForecast
     */
    record AnalysisDraft(
            String operation,
            @Nullable List<String> columns,
            @Nullable String target,
            @Nullable List<String> predictors,
            @Nullable String positive,
            @Nullable String value,
            @Nullable String group,
            @Nullable String time,
            @Nullable Integer horizon,
            @Nullable Integer clusters,
            @Nullable String rule,
            @Nullable Double threshold,
            @Nullable String coefficient) {

        static final List<String> OPERATIONS = List.of(
                "Describe",
                "CorrelationMatrix",
                "LinearRegression",
                "LogisticRegression",
                "KMeansClustering",
                "OutlierDetection",
                "TrendForecast",
                "TTest",
                "ChiSquareTest",
                "Anova");

        /** The typed operation; a missing part or an unknown operation throws. */
        Analysis analysis() {
            return switch (operation) {
                case "Describe" -> new Describe(some(columns));
                case "CorrelationMatrix" ->
                    new CorrelationMatrix(
                            some(columns),
                            "spearman".equalsIgnoreCase(coefficient)
                                    ? CorrelationMatrix.Coefficient.SPEARMAN
                                    : CorrelationMatrix.Coefficient.PEARSON);
                case "LinearRegression" -> new LinearRegression(present(target), some(predictors));
                case "LogisticRegression" -> new LogisticRegression(present(target), some(predictors), positive);
                case "KMeansClustering" -> new KMeansClustering(some(columns), clusters == null ? 0 : clusters);
                case "OutlierDetection" ->
                    new OutlierDetection(
                            value != null ? value : some(columns).getFirst(),
                            "z_score".equalsIgnoreCase(rule) || "z-score".equalsIgnoreCase(rule)
                                    ? OutlierDetection.Rule.Z_SCORE
                                    : OutlierDetection.Rule.IQR,
                            threshold == null ? 0 : threshold);
                case "TrendForecast" -> new TrendForecast(present(time), present(value), horizon == null ? 0 : horizon);
                case "TTest" -> new TTest(present(value), present(group));
                case "Anova" -> new Anova(present(value), present(group));
                case "ChiSquareTest" -> {
                    var pair = some(columns);
                    if (pair.size() != 2) {
                        throw new IllegalArgumentException("a chi-square test of " + pair.size() + " columns");
                    }
                    yield new ChiSquareTest(pair.get(0), pair.get(1));
                }
                default -> throw new IllegalArgumentException("no operation " + operation);
            };
        }

        private static String present(@Nullable String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a column left out");
            }
            return name;
        }

        private static List<String> some(@Nullable List<String> names) {
            if (names == null || names.isEmpty()) {
                throw new IllegalArgumentException("no columns");
            }
            return names.stream().map(AnalysisDraft::present).toList();
        }
    }

    /** What the suggest stage asks a model for. */
    record Suggestions(@Nullable List<String> questions) {}
}
