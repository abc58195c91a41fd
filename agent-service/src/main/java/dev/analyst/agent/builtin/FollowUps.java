package dev.analyst.agent.builtin;

import dev.analyst.contracts.dataset.DatasetReady;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Follow-up questions read against the previous turn of a conversation: "and by number of stories?"
 * after "Show the average price by bedrooms" is "Show the average price by number of stories". The
 * result is a whole question, planned like any other and shown to the user as read, so a follow-up
 * never depends on state the user cannot see.
 */
final class FollowUps {

    /** How follow-ups start: "and ...", "what about ...", "now by ...". */
    private static final Pattern LEAD = Pattern.compile(
            "^(?:and then|and what about|and how about|what about|how about|and also|and|also|now|then|but|same for|same but|only)\\b\\s*");

    /** A fragment that only regroups: "by stories", "per month". */
    private static final Pattern REGROUP = Pattern.compile(
            "^(?:grouped by|broken down by|for each|for every|by|per|each)\\s+\\S.*|^(?:yearly|quarterly|monthly|weekly|daily)$");

    /** Where the previous question grouped, up to a condition after it: what a regrouping replaces. */
    private static final Pattern PREVIOUS_GROUP = Pattern.compile(
            "\\s+(?:grouped by|broken down by|for each|for every|by|per|each)\\s+\\S.*?"
                    // up to a condition that follows it ("by bedrooms for homes with a garage"), if any
                    + "(?=\\s+(?:for|with|without|in|from|where|during|that|which)\\s|$)"
                    + "|\\s+(?:yearly|quarterly|monthly|weekly|daily)\\b",
            Pattern.CASE_INSENSITIVE);

    /** A fragment that only asks for another aggregate: "the median?", "and the maximum". */
    private static final Pattern AGGREGATE_ONLY = Pattern.compile(
            "^(?:the\\s+)?(median|average|mean|total|sum|maximum|max|minimum|min|highest|lowest|count|number)$");

    private static final Pattern PREVIOUS_AGGREGATE = Pattern.compile(
            "\\b(median|average|avg|mean|total|sum|maximum|max|minimum|min|highest|lowest|largest|smallest)\\b",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern YEAR = Pattern.compile("\\b(?:19|20)\\d\\d\\b");

    /** Words that start a question of its own, even after "and": "and how many tracks are there?". */
    private static final Pattern OWN_QUESTION =
            Pattern.compile("\\b(?:how many|how much|what|which|who|list|show|count)\\b");

    private FollowUps() {}

    /**
     * The question a follow-up asks, written out whole against {@code previous} (the previous turn's
     * question as it was read), or null when {@code question} does not read as a follow-up.
     */
    static @Nullable String compose(String previous, String question, List<DatasetReady> datasets) {
        var fragment = SchemaWords.normalise(question);
        var lead = LEAD.matcher(fragment);
        boolean led = lead.find();
        if (led) {
            fragment = fragment.substring(lead.end()).strip();
        }
        if (fragment.isEmpty()) {
            return null;
        }
        var before = previous.strip().replaceAll("[?.!]+$", "");
        var aggregate = AGGREGATE_ONLY.matcher(fragment);
        if (aggregate.matches()) {
            var said = PREVIOUS_AGGREGATE.matcher(before);
            return said.find() ? said.replaceFirst(aggregate.group(1)) : null;
        }
        if (OWN_QUESTION.matcher(fragment).find()) {
            return null; // a question of its own: "for each status, how many houses?"
        }
        if (REGROUP.matcher(fragment).matches()) {
            return PREVIOUS_GROUP.matcher(before).replaceFirst("") + " " + fragment;
        }
        if (!led) {
            return null;
        }
        // "And in 2022?", "and from Canada?": the same question for another year or value.
        var year = YEAR.matcher(fragment);
        if (year.find() && YEAR.matcher(before).find()) {
            return YEAR.matcher(before).replaceFirst(year.group());
        }
        var replaced = replaceValue(before, fragment, datasets);
        return replaced != null ? replaced : before + " " + fragment;
    }

    /**
     * {@code before} with the value it names replaced by one of the same column that {@code fragment}
     * names ("from Brazil" becomes "from Canada"), or null when they name no such pair.
     */
    private static @Nullable String replaceValue(String before, String fragment, List<DatasetReady> datasets) {
        var lowerBefore = before.toLowerCase(Locale.ROOT);
        for (var dataset : datasets) {
            for (var table : dataset.tables()) {
                for (var column : table.columns()) {
                    String named = null;
                    String previousValue = null;
                    for (var value : column.topValues()) {
                        var lower = value.toLowerCase(Locale.ROOT);
                        if (lower.length() < 2) {
                            continue;
                        }
                        if (named == null
                                && SchemaWords.asWord(lower, 0)
                                        .matcher(fragment)
                                        .find()) {
                            named = value;
                        } else if (previousValue == null
                                && SchemaWords.asWord(lower, 0)
                                        .matcher(lowerBefore)
                                        .find()) {
                            previousValue = value;
                        }
                    }
                    if (named != null && previousValue != null) {
                        return SchemaWords.asWord(previousValue, Pattern.CASE_INSENSITIVE)
                                .matcher(before)
                                .replaceFirst(java.util.regex.Matcher.quoteReplacement(named));
                    }
                }
            }
        }
        return null;
    }
}
