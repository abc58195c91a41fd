package dev.analyst.agent.stage;

import dev.analyst.contracts.ResultTable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Checks every number in a summary against the result it came from. A sentence stands only if each
 * of its numbers is traced: a cell of the result (as written, or rounded as people round, or as a
 * percentage of a share), the number of rows, or a number the question or the plan's conditions
 * already stated. A number that cannot be traced is never sent, and its sentence is left out of the
 * summary that is kept.
 */
public final class Provenance {

    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.])-?\\d[\\d,]*(?:\\.\\d+)?(%?)");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");

    private final List<BigDecimal> values = new ArrayList<>();
    private final StringBuilder words = new StringBuilder();

    /** @param stated what the user and the plan already said: the question, the conditions */
    public Provenance(ResultTable result, List<String> stated) {
        this(result, List.of(), stated);
    }

    /**
     * @param statistics numbers computed beside the result that a summary may state: an analysis's
     *     headline statistics
     * @param stated what the user, the plan and the analysis already said: the question, the conditions,
     *     the findings
     */
    public Provenance(ResultTable result, Collection<Double> statistics, List<String> stated) {
        statistics.stream()
                .filter(value -> Double.isFinite(value))
                .forEach(value -> values.add(BigDecimal.valueOf(value)));
        for (var row : result.rows()) {
            for (var cell : row) {
                if (cell instanceof Number number) {
                    values.add(new BigDecimal(number.toString()));
                } else if (cell != null) {
                    words.append(cell).append('\n');
                }
            }
        }
        values.add(BigDecimal.valueOf(result.rows().size()));
        values.add(BigDecimal.valueOf(result.columns().size()));
        stated.forEach(text -> words.append(text).append('\n'));
    }

    /** The text with every sentence whose numbers cannot all be traced left out, and how many were. */
    public Checked check(String text) {
        var kept = new ArrayList<String>();
        var leftOut = 0;
        for (var sentence : SENTENCE_END.split(text.strip())) {
            if (traced(sentence)) {
                kept.add(sentence);
            } else if (!sentence.isBlank()) {
                leftOut++;
            }
        }
        return new Checked(String.join(" ", kept), leftOut);
    }

    /** A summary as checked: the sentences kept, and how many were left out. */
    public record Checked(String text, int leftOut) {}

    public boolean traced(String sentence) {
        var numbers = NUMBER.matcher(sentence);
        while (numbers.find()) {
            if (!traced(numbers.group(), !numbers.group(1).isEmpty())) {
                return false;
            }
        }
        return true;
    }

    private boolean traced(String token, boolean percent) {
        var digits = percent ? token.substring(0, token.length() - 1) : token;
        // Stated in words already, as a whole number: "2024" in "sales 2024", not "2" in it.
        if (Pattern.compile("(?<![\\d.,])" + Pattern.quote(digits) + "(?![\\d]|[.,]\\d)")
                .matcher(words)
                .find()) {
            return true;
        }
        BigDecimal stated;
        try {
            stated = new BigDecimal(digits.replace(",", ""));
        } catch (NumberFormatException e) {
            return false;
        }
        var scale = Math.max(stated.scale(), 0);
        for (var value : values) {
            // A fraction (0.45) may be written as a percentage (45%); a number already in percent may not.
            if (rounds(value, stated, scale)
                    || percent
                            && value.abs().compareTo(BigDecimal.ONE) <= 0
                            && rounds(value.movePointRight(2), stated, scale)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the value, rounded to the places the text shows, is the number the text states. */
    private static boolean rounds(BigDecimal value, BigDecimal stated, int scale) {
        return value.setScale(scale, RoundingMode.HALF_UP).compareTo(stated) == 0
                || value.setScale(scale, RoundingMode.HALF_EVEN).compareTo(stated) == 0;
    }

    /**
     * A consumer of a streamed summary's pieces that passes the words on as they come and holds back
     * only numbers, each until it is whole and traced. A number that cannot be traced is never sent: an
     * ellipsis stands in its place while the summary streams, and {@link #check} leaves its sentence
     * out of the summary that is kept.
     */
    public NumbersChecked numbersChecked(Consumer<String> shown) {
        return new NumbersChecked(shown);
    }

    /** Streams what is written, holding each number back until it is traced. */
    public final class NumbersChecked implements Consumer<String> {

        private final Consumer<String> shown;
        private final StringBuilder number = new StringBuilder();
        private char previous = ' ';

        private NumbersChecked(Consumer<String> shown) {
            this.shown = shown;
        }

        @Override
        public void accept(String piece) {
            var out = new StringBuilder();
            for (int i = 0; i < piece.length(); i++) {
                var c = piece.charAt(i);
                if (number.length() == 1 && number.charAt(0) == '-' && !Character.isDigit(c)) {
                    out.append('-');
                    previous = '-';
                    number.setLength(0);
                }
                if (!number.isEmpty()) {
                    var last = number.charAt(number.length() - 1);
                    if (Character.isDigit(c) || (c == ',' || c == '.') && Character.isDigit(last)) {
                        number.append(c);
                        continue;
                    }
                    if (c == '%' && Character.isDigit(last)) {
                        number.append(c);
                        out.append(release());
                        continue;
                    }
                    out.append(release());
                }
                if (c == '-' && !Character.isLetterOrDigit(previous)) {
                    // Perhaps a sign: held with the number, or sent as a dash if no digit follows.
                    number.append(c);
                } else if (Character.isDigit(c) && !Character.isLetterOrDigit(previous) && previous != '_') {
                    number.append(c);
                } else {
                    out.append(c);
                    previous = c;
                }
            }
            if (!out.isEmpty()) {
                shown.accept(out.toString());
            }
        }

        /** Sends what is held once the model has finished writing. */
        public void finish() {
            if (number.toString().equals("-")) {
                shown.accept("-");
                number.setLength(0);
            }
            if (!number.isEmpty()) {
                shown.accept(release());
            }
        }

        /** The held number if traced, else an ellipsis; a separator that ended it is kept as text. */
        private String release() {
            var held = number.toString();
            number.setLength(0);
            var trailing = "";
            while (!held.isEmpty() && (held.endsWith(",") || held.endsWith("."))) {
                trailing = held.substring(held.length() - 1) + trailing;
                held = held.substring(0, held.length() - 1);
            }
            previous = held.isEmpty() ? previous : held.charAt(held.length() - 1);
            if (!trailing.isEmpty()) {
                previous = trailing.charAt(trailing.length() - 1);
            }
            return (traced(held) ? held : "…") + trailing;
        }
    }
}
