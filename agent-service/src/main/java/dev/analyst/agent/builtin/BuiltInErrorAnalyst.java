package dev.analyst.agent.builtin;

import dev.analyst.agent.stage.AskedQuestion;
import dev.analyst.agent.stage.Correction;
import dev.analyst.agent.stage.ErrorAnalyst;
import dev.analyst.agent.stage.FailedAttempt;
import dev.analyst.agent.stage.Plan;
import dev.analyst.contracts.dataset.ColumnSchema;
import dev.analyst.contracts.dataset.TableSchema;
import dev.analyst.contracts.step.StepError;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * The built-in model's error analyst. It can mend one kind of error on its own: a column or table
 * name that is nearly right ({@code contry} for {@code country}). For every other error it says what
 * went wrong in plain words and leaves the query alone, rather than guess.
 */
@Component
public class BuiltInErrorAnalyst implements ErrorAnalyst {

    private static final Pattern UNKNOWN = Pattern.compile("(column|relation|table) \"?([\\w.]+?)\"? does not exist");

    @Override
    public Correction analyse(AskedQuestion question, Plan plan, FailedAttempt failure) {
        if (failure.empty()) {
            return new Correction("No rows match the question's conditions.", "");
        }
        if (failure.error() == StepError.UNKNOWN_OBJECT) {
            var unknown = UNKNOWN.matcher(failure.message());
            if (unknown.find()) {
                var name = unknown.group(2).substring(unknown.group(2).lastIndexOf('.') + 1);
                var nearest = nearest(question, plan, name);
                if (nearest.isPresent()) {
                    var sql = Pattern.compile("(?i)(?<![\\w\"])\"?" + Pattern.quote(name) + "\"?(?![\\w\"])")
                            .matcher(failure.sql())
                            .replaceAll(Matcher.quoteReplacement(nearest.get()));
                    if (!sql.equals(failure.sql())) {
                        return new Correction(
                                "There is no " + unknown.group(1) + " " + name + "; " + nearest.get()
                                        + " is the nearest name.",
                                sql);
                    }
                }
                return new Correction(
                        "There is no " + unknown.group(1) + " " + name + " in " + plan.dataset() + ".", "");
            }
        }
        return new Correction(describe(failure), "");
    }

    /** The name in the plan's dataset within two edits of the unknown one, if exactly one is nearest. */
    private static Optional<String> nearest(AskedQuestion question, Plan plan, String unknown) {
        var names = question.dataset(plan.datasetId()).stream()
                .flatMap(dataset -> dataset.tables().stream())
                .flatMap(BuiltInErrorAnalyst::names)
                .distinct()
                .toList();
        var target = unknown.toLowerCase(Locale.ROOT);
        var ranked = names.stream()
                .sorted(Comparator.comparingInt(name -> distance(name.toLowerCase(Locale.ROOT), target)))
                .toList();
        if (ranked.isEmpty() || distance(ranked.getFirst().toLowerCase(Locale.ROOT), target) > 2) {
            return Optional.empty();
        }
        var best = distance(ranked.getFirst().toLowerCase(Locale.ROOT), target);
        return ranked.size() > 1 && distance(ranked.get(1).toLowerCase(Locale.ROOT), target) == best
                ? Optional.empty()
                : Optional.of(ranked.getFirst());
    }

    private static Stream<String> names(TableSchema table) {
        return Stream.concat(Stream.of(table.name()), table.columns().stream().map(ColumnSchema::name));
    }

    static String describe(FailedAttempt failure) {
        var error = failure.error();
        if (error == null) {
            return "No rows match the question's conditions.";
        }
        return switch (error) {
            case SYNTAX -> "The query is not valid SQL: " + failure.message();
            case UNKNOWN_OBJECT -> "The query names something the dataset does not have: " + failure.message();
            case TYPE_MISMATCH -> "The query compares or computes values of different kinds: " + failure.message();
            case TIMEOUT -> "The query took too long. Try narrowing the question, with a filter or a shorter period.";
            case REJECTED -> "The query was refused because it is not a single read-only query: " + failure.message();
            case TOO_EXPENSIVE -> failure.message();
            case UNSUITABLE_DATA -> "The data does not suit that analysis: " + failure.message();
            case BUSY -> "Too many of your queries are running at once. Please ask again in a moment.";
            case PERMISSION -> "The analyst is not allowed to read that data.";
            case DATASET_NOT_FOUND -> "The dataset is no longer there.";
            case INTERNAL -> "The database could not run the query just now. Please try again in a moment.";
        };
    }

    /** Levenshtein distance: the edits between two names. */
    static int distance(String a, String b) {
        var previous = new int[b.length() + 1];
        var current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                var cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            var swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
