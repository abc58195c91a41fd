package dev.analyst.agent.stage;

import dev.analyst.contracts.ResultTable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Checks every number in a summary against the result it came from. A sentence stands only if each
 * of its numbers is traced: a cell of the result (as written, or rounded as people round, or as a
 * percentage of a share), the number of rows, or a number the question or the plan's conditions
 * already stated. A sentence with a number that cannot be traced is left out, never sent.
 */
public final class Provenance {

    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.])-?\\d[\\d,]*(?:\\.\\d+)?(%?)");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");

    private final List<BigDecimal> values = new ArrayList<>();
    private final StringBuilder words = new StringBuilder();

    /** @param stated what the user and the plan already said: the question, the conditions */
    public Provenance(ResultTable result, List<String> stated) {
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

    /** The text with every sentence whose numbers cannot all be traced left out. */
    public String check(String text) {
        var kept = new ArrayList<String>();
        for (var sentence : SENTENCE_END.split(text.strip())) {
            if (traced(sentence)) {
                kept.add(sentence);
            }
        }
        return String.join(" ", kept);
    }

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
            if (rounds(value, stated, scale) || percent && rounds(value.movePointRight(2), stated, scale)) {
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
     * A consumer of a streamed summary's pieces that passes on each sentence once it is whole and
     * traced. Sentences, not tokens, are the unit: a number cannot be checked until it is complete,
     * and a sentence cannot be taken back once shown.
     */
    public Sentences sentences(Consumer<String> checked) {
        return new Sentences(checked);
    }

    public final class Sentences implements Consumer<String> {

        private final Consumer<String> checked;
        private final StringBuilder pending = new StringBuilder();
        private int left;

        private Sentences(Consumer<String> checked) {
            this.checked = checked;
        }

        @Override
        public void accept(String piece) {
            pending.append(piece);
            var end = SENTENCE_END.matcher(pending);
            var from = 0;
            while (end.find()) {
                pass(pending.substring(from, end.end()));
                from = end.end();
            }
            pending.delete(0, from);
        }

        /** Passes on what is left once the model has finished writing. */
        public void finish() {
            if (!pending.isEmpty()) {
                pass(pending.toString());
                pending.setLength(0);
            }
        }

        /** How many sentences were left out. */
        public int leftOut() {
            return left;
        }

        private void pass(String sentence) {
            if (sentence.isBlank()) {
                return;
            }
            if (traced(sentence)) {
                checked.accept(sentence);
            } else {
                left++;
            }
        }
    }
}
