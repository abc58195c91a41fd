package dev.analyst.contracts.question;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The specialised agents a question can be routed to by mentioning one ("@statistics describe the
 * price"). The gateway keeps which of them each user has turned off; the agent plans for the one
 * mentioned.
 */
public enum AnalystAgent {
    STATISTICS("Describes numbers: counts, averages, spread and percentiles of the columns you name."),
    ML("Fits a model: a linear regression of one column on another, with its slope, intercept and R squared."),
    VIZ("Answers with a chart first: a query whose result has a category or a time to plot."),
    CLEANING("Finds what to clean: empty, constant, duplicated or badly typed columns, and what to do about them."),
    QA("Checks the data's quality: what the profile of each table found."),
    DEEP("Writes a report: the question's own analysis, then statistics, correlations, outliers and a trend of"
            + " the main table, one step at a time, with the expected cost shown before it starts.");

    private static final Pattern MENTION =
            Pattern.compile("(?<![\\w@])@(statistics|ml|viz|cleaning|qa|deep)\\b", Pattern.CASE_INSENSITIVE);

    private final String description;

    AnalystAgent(String description) {
        this.description = description;
    }

    /** How a question names the agent: {@code @statistics}. */
    public String mention() {
        return "@" + name().toLowerCase(Locale.ROOT);
    }

    public String description() {
        return description;
    }

    /** The agent a question mentions first, if any. */
    public static Optional<AnalystAgent> mentionedIn(String question) {
        var matcher = MENTION.matcher(question);
        return matcher.find() ? Optional.of(valueOf(matcher.group(1).toUpperCase(Locale.ROOT))) : Optional.empty();
    }

    /** The question without its mentions: what is left to answer. */
    public static String withoutMentions(String question) {
        return MENTION.matcher(question).replaceAll(" ").replaceAll("\\s+", " ").strip();
    }

    /** The agent called {@code name} ("ml", "@ml"), if there is one. */
    public static Optional<AnalystAgent> named(String name) {
        var plain = name.strip().replaceFirst("^@", "").toUpperCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(agent -> agent.name().equals(plain))
                .findFirst();
    }
}
