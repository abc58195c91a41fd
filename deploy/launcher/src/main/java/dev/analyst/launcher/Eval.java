package dev.analyst.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code deploy/analyst eval [--dataset name=csv:file | name=sql:dump]... questions.jsonl}: starts a
 * suite on free ports, loads the datasets named on the command line through the public API (a CSV
 * uploaded, a SQL dump loaded into a database of its own and connected), asks every question of the
 * file through the public API, and prints one line per question (id, correct or not, the SQL it ran)
 * and the execution accuracy. The file's format and the judging rules are those of
 * {@code shared/eval/README.md}. With no arguments it runs the development set over the samples.
 */
public final class Eval {

    private static final JsonMapper json = JsonMapper.builder().build();

    private Eval() {}

    record Question(
            String id, String dataset, String question, boolean ordered, List<List<@Nullable Object>> expected) {}

    record Verdict(Question question, boolean correct, String sql, String detail) {}

    public static void main(String[] args) throws Exception {
        var repository = Path.of(System.getProperty("analyst.home", "."))
                .toAbsolutePath()
                .normalize();
        var shared = repository.resolve("../shared").normalize();
        var datasets = new LinkedHashMap<String, String>();
        var files = new ArrayList<Path>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--dataset") && i + 1 < args.length) {
                var definition = args[++i];
                var equals = definition.indexOf('=');
                if (equals < 1) {
                    throw new IllegalArgumentException(
                            "--dataset wants name=csv:file or name=sql:dump, not " + definition);
                }
                datasets.put(definition.substring(0, equals), definition.substring(equals + 1));
            } else {
                files.add(Path.of(args[i]));
            }
        }
        if (files.isEmpty()) {
            files.add(shared.resolve("eval/dev.jsonl"));
        }
        if (datasets.isEmpty()) {
            datasets.put("housing", "csv:" + shared.resolve("datasets/housing.csv"));
            datasets.put("chinook", "sql:" + shared.resolve("datasets/chinook.sql"));
        }
        var questions = new ArrayList<Question>();
        for (var file : files) {
            questions.addAll(read(file));
        }

        System.out.println("Starting a suite for the evaluation (logs in .run/eval)...");
        try (var suite =
                Suite.start(SuiteOptions.onFreePorts(repository, repository.resolve(".run/eval"), Optional.empty()))) {
            var loader = suite.datasets();
            for (var dataset : datasets.entrySet()) {
                var kind = dataset.getValue().substring(0, dataset.getValue().indexOf(':'));
                var path = Path.of(dataset.getValue().substring(kind.length() + 1));
                switch (kind) {
                    case "csv" -> loader.upload(path, dataset.getKey());
                    case "sql" -> loader.connect(path, dataset.getKey());
                    default -> throw new IllegalArgumentException("Unknown dataset kind " + kind + " (csv or sql)");
                }
            }
            loader.awaitPlannable(datasets.keySet().toArray(String[]::new));
            var verdicts = new ArrayList<Verdict>();
            for (var question : questions) {
                var verdict = ask(suite, question);
                verdicts.add(verdict);
                System.out.printf(
                        "%-14s %s  %s%s%n",
                        question.id(),
                        verdict.correct() ? "correct" : "WRONG  ",
                        verdict.sql().isEmpty() ? "(no SQL)" : verdict.sql(),
                        verdict.correct() || verdict.detail().isEmpty() ? "" : "   <- " + verdict.detail());
            }
            report(verdicts);
        }
    }

    private static Verdict ask(Suite suite, Question question) {
        try {
            var body = json.writeValueAsString(Map.of("question", question.question(), "dataset", question.dataset()));
            var events = new SseClient()
                    .post(
                            suite.gateway().resolve("/api/questions"),
                            suite.credentials().apiKey(),
                            body);
            if (events.isEmpty()) {
                return new Verdict(question, false, "", "no events");
            }
            var last = json.readTree(events.getLast().data());
            if (!events.getLast().event().equals("AnswerCompleted")) {
                return new Verdict(question, false, "", last.path("message").asString());
            }
            var rows = rows(last.path("result").path("rows"));
            var correct = AnswerJudge.correct(question.expected(), rows, question.ordered());
            var shown = rows.size() > 3 ? rows.subList(0, 3) + " ..." : rows.toString();
            return new Verdict(question, correct, last.path("sql").asString(), "got " + shown);
        } catch (Exception e) {
            return new Verdict(question, false, "", e.toString());
        }
    }

    private static void report(List<Verdict> verdicts) {
        var byDataset = new TreeMap<String, int[]>();
        for (var verdict : verdicts) {
            var counts = byDataset.computeIfAbsent(verdict.question().dataset(), name -> new int[2]);
            counts[1]++;
            if (verdict.correct()) {
                counts[0]++;
            }
        }
        System.out.println();
        byDataset.forEach((dataset, counts) -> System.out.printf(
                "%-14s %d / %d correct (%.1f%%)%n", dataset, counts[0], counts[1], 100.0 * counts[0] / counts[1]));
        long correct = verdicts.stream().filter(Verdict::correct).count();
        System.out.printf(
                "Execution accuracy: %d / %d = %.1f%%%n",
                correct, verdicts.size(), verdicts.isEmpty() ? 0.0 : 100.0 * correct / verdicts.size());
    }

    static List<Question> read(Path file) throws java.io.IOException {
        var questions = new ArrayList<Question>();
        for (var line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            var node = json.readTree(line);
            questions.add(new Question(
                    node.path("id").asString(),
                    node.path("dataset").asString(),
                    node.path("question").asString(),
                    node.path("ordered").asBoolean(false),
                    rows(node.path("expected"))));
        }
        return questions;
    }

    private static List<List<@Nullable Object>> rows(JsonNode rows) {
        var result = new ArrayList<List<@Nullable Object>>();
        for (var row : rows) {
            var cells = new ArrayList<@Nullable Object>();
            for (var cell : row) {
                cells.add(
                        cell.isNull()
                                ? null
                                : cell.isNumber()
                                        ? (Object) cell.numberValue()
                                        : cell.isBoolean() ? cell.asBoolean() : cell.asString());
            }
            result.add(cells);
        }
        return result;
    }
}
