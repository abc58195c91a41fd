package dev.analyst.agent.builtin;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How a question asks for an analysis in ordinary words: "how are price, area and bedrooms
 * correlated", "what drives price", "forecast revenue for the next 6 months", "is price different
 * between furnished and unfurnished homes". Words only: which columns the phrases name, and which
 * operation fits their types, is for {@link QuestionPlan} to decide against the schema.
 */
final class AnalysisWords {

    private AnalysisWords() {}

    /** The kinds of analysis a question can ask for in words. */
    enum Kind {
        /** "How are X, Y and Z correlated", "correlation matrix". */
        CORRELATION,
        /** "Describe X", "summary statistics of X". */
        DESCRIBE,
        /** "What drives X", "regress X on Y and Z", "how does X depend on Y". */
        REGRESSION,
        /** "What predicts whether X", "the probability of X". */
        CLASSIFICATION,
        /** "Cluster the rows into 3 groups", "segment customers". */
        CLUSTERS,
        /** "Outliers of X", "unusual values of X". */
        OUTLIERS,
        /** "Forecast X for the next 6 months", "the trend of X over time". */
        FORECAST,
        /** "Is X different between A and B", "compare average X between the groups of G". */
        DIFFERENCE,
        /** "Is G related to H", "is G independent of H". */
        RELATION
    }

    /**
     * What the words ask for.
     *
     * @param subject the phrase naming what is analysed: the target, the value compared, the columns
     * @param other the phrase naming the rest: the predictors, the groups, the second variable; or empty
     * @param number the count the words give: clusters, periods ahead, a threshold; 0 when none
     * @param unit the calendar unit a forecast is in ("month"), or null when the words give none
     * @param variant the variant said: {@code spearman} for a rank correlation, {@code z} for z-scores,
     *     {@code single} for the one coefficient of two columns ("the correlation between X and Y")
     */
    record Intent(
            Kind kind,
            String subject,
            String other,
            double number,
            @Nullable String unit,
            String variant) {}

    private static final Map<String, Integer> NUMBER_WORDS = Map.ofEntries(
            Map.entry("a", 1),
            Map.entry("one", 1),
            Map.entry("two", 2),
            Map.entry("three", 3),
            Map.entry("four", 4),
            Map.entry("five", 5),
            Map.entry("six", 6),
            Map.entry("seven", 7),
            Map.entry("eight", 8),
            Map.entry("nine", 9),
            Map.entry("ten", 10),
            Map.entry("twelve", 12));

    private static final String COUNT = "(\\d+(?:\\.\\d+)?|a|one|two|three|four|five|six|seven|eight|nine|ten|twelve)";
    private static final String UNIT = "(day|week|month|quarter|year)s?";

    private static final Pattern NEXT = Pattern.compile(
            "\\b(?:for|over|in|during)?\\s*(?:the\\s+)?(?:next|coming|following)\\s+" + COUNT + "?\\s*" + UNIT + "\\b");
    private static final Pattern AHEAD = Pattern.compile("\\b" + COUNT + "\\s+" + UNIT + "\\s+(?:ahead|out)\\b");
    private static final Pattern FORECAST = Pattern.compile(
            "\\b(?:forecast|forecasts|forecasting|project|projects|projection|predict|predicts|extrapolate)\\b");
    private static final Pattern TREND = Pattern.compile("\\btrends?\\b");
    private static final Pattern PERIOD = Pattern.compile("\\b(?:by|per|each|every|over)\\s+" + UNIT + "\\b"
            + "|\\b(yearly|annual|annually|quarterly|monthly|weekly|daily)\\b");

    private static final Pattern INTO_GROUPS = Pattern.compile("\\b(?:into|in)\\s+" + COUNT
            + "\\s+(?:\\w+\\s+)?(?:groups|clusters|segments|categories)\\b|\\b" + COUNT + "\\s+(?:clusters|segments)\\b"
            + "|\\bk\\s*=\\s*(\\d+)");
    private static final Pattern CLUSTERS = Pattern.compile("\\bclust(?:er|ers|ering|ered)\\b|\\bsegmentation\\b"
            + "|^(?:segment|group)\\b.*\\b(?:similar|alike|into\\s+\\S+\\s+(?:groups|segments|clusters))\\b"
            + "|\\bgroups?\\s+of\\s+similar\\b");

    private static final Pattern OUTLIERS =
            Pattern.compile("\\boutl(?:iers?|ying)\\b|\\banomal(?:y|ies|ous)\\b|\\bunusual\\b|\\bextreme values?\\b");
    private static final Pattern Z_SCORE =
            Pattern.compile("\\bz[ -]?scores?\\b|\\bstandard deviations?\\b|\\bsigma\\b");
    private static final Pattern THRESHOLD =
            Pattern.compile("\\b(?:more than|over|above|beyond|of)?\\s*(\\d+(?:\\.\\d+)?)"
                    + "\\s*(?:standard deviations?|sigma|times the (?:iqr|interquartile range)|iqrs?|interquartile ranges?)\\b"
                    + "|\\bz[ -]?scores?\\s+(?:above|over|beyond|greater than|of|more than)\\s+(\\d+(?:\\.\\d+)?)");

    private static final Pattern CORRELATION = Pattern.compile("\\bcorrelat\\w*\\b|\\bspearman\\b");
    private static final Pattern SPEARMAN =
            Pattern.compile("\\bspearman\\b|\\brank\\s+correlat\\w*\\b|\\bmonoton\\w*\\b");
    private static final Pattern SINGLE_COEFFICIENT =
            Pattern.compile("\\b(?:the|a)\\s+(?:pearson\\s+)?correlation(?:\\s+coefficient)?\\s+(?:between|of)\\b");
    private static final Pattern MATRIX =
            Pattern.compile("\\bcorrelation\\s+matrix\\b|\\bcorrelations\\b|\\bcorrelated\\b|\\ball\\b");

    private static final Pattern DESCRIBE = Pattern.compile("^(?:please\\s+)?(?:describe|summari[sz]e)\\b"
            + "|\\b(?:summary|descriptive|basic)\\s+statistics\\b|\\bstatistical summary\\b");

    /** Each with its groups: which holds the subject, which the other phrase (0 for none). */
    private record Phrasing(Pattern pattern, int subject, int other) {
        Phrasing(String regex, int subject, int other) {
            this(Pattern.compile(regex), subject, other);
        }
    }

    private static final String DRIVES = "(?:drives?|explains?|determines?|affects?|influences?|predicts?|impacts?)";

    private static final List<Phrasing> CLASSIFICATION = List.of(
            new Phrasing("\\bwhat\\s+(?:factors?\\s+)?" + DRIVES + "\\s+whether\\s+(.+)$", 1, 0),
            new Phrasing("\\bpredict\\s+whether\\s+(.+?)(?:\\s+(?:from|using|based on|given)\\s+(.+))?$", 1, 2),
            new Phrasing(
                    "\\b(?:probability|likelihood|chance|chances|odds)\\s+(?:of|that)\\s+(.+?)"
                            + "(?:\\s+(?:from|using|based on|given|depending on)\\s+(.+))?$",
                    1,
                    2));

    private static final List<Phrasing> REGRESSION = List.of(
            new Phrasing("\\bregress(?:ion of)?\\s+(.+?)\\s+(?:on|against)\\s+(.+)$", 1, 2),
            new Phrasing("\\bhow\\s+(?:does|do|did)\\s+(.+?)\\s+depends?\\s+on\\s+(.+)$", 1, 2),
            new Phrasing(
                    "\\bhow\\s+(?:does|do|did)\\s+(.+?)\\s+(?:affect|influence|impact|drive|explain)\\s+(.+)$", 2, 1),
            new Phrasing("\\b(?:effect|impact|influence)s?\\s+of\\s+(.+?)\\s+on\\s+(.+)$", 2, 1),
            new Phrasing("\\bwhat\\s+(?:factors?\\s+|variables?\\s+|columns?\\s+)?" + DRIVES + "\\s+(.+)$", 1, 0),
            new Phrasing("\\b(?:drivers|determinants|predictors)\\s+of\\s+(.+)$", 1, 0),
            new Phrasing("\\b(?:predict|model|explain)\\s+(.+?)\\s+(?:from|using|with|based on)\\s+(.+)$", 1, 2));

    private static final List<Phrasing> DIFFERENCE = List.of(
            new Phrasing(
                    "\\b(?:is|are|does|do)\\s+(?:there\\s+)?(?:the\\s+)?(?:average\\s+|mean\\s+)?(.+?)\\s+"
                            + "(?:significantly\\s+)?(?:differ|differs|different|vary|varies)\\s+"
                            + "(?:between|across|among|by|from one|for)\\s+(.+)$",
                    1,
                    2),
            new Phrasing(
                    "\\bcompare\\s+(?:the\\s+)?(?:average|mean|typical)\\s+(.+?)\\s+(?:between|across|among|of)\\s+(.+)$",
                    1,
                    2),
            new Phrasing(
                    "\\b(?:significant\\s+)?differences?\\s+in\\s+(?:the\\s+)?(?:average\\s+|mean\\s+)?(.+?)\\s+"
                            + "(?:between|across|among|by)\\s+(.+)$",
                    1,
                    2));

    private static final List<Phrasing> RELATION = List.of(
            new Phrasing(
                    "\\b(?:is|are)\\s+(.+?)\\s+(?:related|associated|linked|connected)\\s+(?:to|with)\\s+(.+)$", 1, 2),
            new Phrasing("\\b(?:is|are)\\s+(.+?)\\s+independent\\s+(?:of|from)\\s+(.+)$", 1, 2),
            new Phrasing(
                    "\\b(?:is|are)\\s+(.+?)\\s+and\\s+(.+?)\\s+(?:related|associated|independent|linked)\\b", 1, 2),
            new Phrasing(
                    "\\b(?:association|relationship|relation|dependence)\\s+between\\s+(.+?)\\s+and\\s+(.+)$", 1, 2),
            new Phrasing("\\bdoes\\s+(.+?)\\s+depend\\s+on\\s+(.+)$", 1, 2));

    /**
     * The analysis the words ask for, if any.
     *
     * @param text the question normalised ({@link SchemaWords#normalise})
     * @param asked the question as asked, whose decimals ("2.5 standard deviations") normalising splits
     */
    static Optional<Intent> read(String text, String asked) {
        var forecast = forecast(text);
        if (forecast != null) {
            return Optional.of(forecast);
        }
        if (OUTLIERS.matcher(text).find()) {
            var threshold = THRESHOLD.matcher(asked.toLowerCase(Locale.ROOT));
            double number = 0;
            if (threshold.find()) {
                number = Double.parseDouble(threshold.group(1) != null ? threshold.group(1) : threshold.group(2));
            }
            var withoutThreshold = THRESHOLD.matcher(text).replaceAll(" ");
            return Optional.of(new Intent(
                    Kind.OUTLIERS,
                    withoutThreshold,
                    "",
                    number,
                    null,
                    Z_SCORE.matcher(text).find() ? "z" : ""));
        }
        if (CLUSTERS.matcher(text).find()) {
            var into = INTO_GROUPS.matcher(text);
            int k = 0;
            if (into.find()) {
                k = count(firstGroup(into));
            }
            return Optional.of(
                    new Intent(Kind.CLUSTERS, INTO_GROUPS.matcher(text).replaceAll(" "), "", k, null, ""));
        }
        var phrased =
                phrased(text, Kind.CLASSIFICATION, CLASSIFICATION).or(() -> phrased(text, Kind.REGRESSION, REGRESSION));
        if (phrased.isPresent()) {
            return phrased;
        }
        if (CORRELATION.matcher(text).find()) {
            var variant = SPEARMAN.matcher(text).find()
                    ? "spearman"
                    : SINGLE_COEFFICIENT.matcher(text).find()
                                    && !MATRIX.matcher(text).find()
                            ? "single"
                            : "";
            return Optional.of(new Intent(Kind.CORRELATION, text, "", 0, null, variant));
        }
        return phrased(text, Kind.DIFFERENCE, DIFFERENCE)
                .or(() -> phrased(text, Kind.RELATION, RELATION))
                .or(() -> DESCRIBE.matcher(text).find()
                        ? Optional.of(new Intent(Kind.DESCRIBE, text, "", 0, null, ""))
                        : Optional.empty());
    }

    /** "Forecast revenue for the next 6 months", "predict sales 2 quarters ahead", "the trend of X over time". */
    private static @Nullable Intent forecast(String text) {
        var asksAhead = FORECAST.matcher(text).find() || text.matches(".*\\bwhat will\\b.*");
        Matcher matched = null;
        if (asksAhead) {
            var next = NEXT.matcher(text);
            var ahead = AHEAD.matcher(text);
            matched = next.find() ? next : ahead.find() ? ahead : null;
        }
        if (matched != null) {
            var said = matched.group(1);
            var unit = matched.group(2);
            var subject = text.substring(0, matched.start()) + " " + text.substring(matched.end());
            return new Intent(Kind.FORECAST, subject, "", said == null ? 1 : count(said), unit, "");
        }
        var trend = TREND.matcher(text);
        if (trend.find() || text.matches(".*\\bforecast.*")) {
            var period = PERIOD.matcher(text);
            String unit = null;
            if (period.find()) {
                unit = period.group(1) != null ? period.group(1) : adverbUnit(period.group(2));
            }
            // A forecast with no horizon looks a few periods ahead; a trend alone, none.
            var horizon = text.matches(".*\\bforecast.*") ? 3 : 0;
            return new Intent(Kind.FORECAST, PERIOD.matcher(text).replaceAll(" "), "", horizon, unit, "");
        }
        return null;
    }

    private static String adverbUnit(String adverb) {
        return switch (adverb) {
            case "yearly", "annual", "annually" -> "year";
            case "quarterly" -> "quarter";
            case "monthly" -> "month";
            case "weekly" -> "week";
            default -> "day";
        };
    }

    private static Optional<Intent> phrased(String text, Kind kind, List<Phrasing> phrasings) {
        for (var phrasing : phrasings) {
            var matcher = phrasing.pattern().matcher(text);
            if (matcher.find()) {
                var subject = matcher.group(phrasing.subject());
                var other = phrasing.other() == 0 || matcher.group(phrasing.other()) == null
                        ? ""
                        : matcher.group(phrasing.other());
                return Optional.of(new Intent(kind, subject.strip(), other.strip(), 0, null, ""));
            }
        }
        return Optional.empty();
    }

    private static String firstGroup(Matcher matcher) {
        for (int group = 1; group <= matcher.groupCount(); group++) {
            if (matcher.group(group) != null) {
                return matcher.group(group);
            }
        }
        return "0";
    }

    private static int count(String said) {
        var word = NUMBER_WORDS.get(said);
        return word != null ? word : (int) Double.parseDouble(said);
    }
}
