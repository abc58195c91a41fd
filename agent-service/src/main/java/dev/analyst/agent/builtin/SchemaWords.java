package dev.analyst.agent.builtin;

import dev.analyst.contracts.SqlReservedWords;
import dev.analyst.contracts.dataset.ColumnSchema;
import dev.analyst.contracts.dataset.TableSchema;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How the built-in model reads words against a schema: question text normalised and stemmed, the
 * words of column and table names, what a table's rows are called, and identifiers and literals as SQL
 * writes them.
 */
final class SchemaWords {

    private static final Set<String> YES_NO = Set.of("yes", "no", "y", "n", "true", "false");

    private SchemaWords() {}

    /**
     * How many of the tokens from {@code at} name the column whole: its name's words in order, its
     * name written as one or two words, or a one-word label; 0 when they do not.
     */
    static int wholeName(List<String> stemmed, int at, ColumnSchema column) {
        var words = nameTokens(column);
        if (at + words.size() <= stemmed.size()
                && stemmed.subList(at, at + words.size()).equals(words)) {
            return words.size();
        }
        if (isKey(column)) {
            return 0;
        }
        var name = stem(column.name().replace("_", ""));
        if (name.equals(stemmed.get(at))) {
            return 1;
        }
        if (at + 1 < stemmed.size() && name.equals(stem(stemmed.get(at) + stemmed.get(at + 1)))) {
            return 2;
        }
        var label = labelTokens(column);
        return label.size() == 1 && label.contains(stemmed.get(at)) ? 1 : 0;
    }

    /** Whether the column's name has several words and {@code word} is its last ("price" of unit_price). */
    static boolean endsWith(ColumnSchema column, String word) {
        var words = nameTokens(column);
        return words.size() > 1 && !isKey(column) && words.getLast().equals(word);
    }

    /** The words of a column's name, stemmed: {@code billing_country} is billing, country. */
    static List<String> nameTokens(ColumnSchema column) {
        return List.of(column.name().toLowerCase(Locale.ROOT).split("_")).stream()
                .filter(word -> !word.isEmpty())
                .map(SchemaWords::stem)
                .toList();
    }

    /** A column that holds a key ({@code id}, {@code artist_id}): never a measure or a group by itself. */
    static boolean isKey(ColumnSchema column) {
        var name = column.name().toLowerCase(Locale.ROOT);
        return name.equals("id") || name.endsWith("_id");
    }

    /**
     * The columns that say what a row of the table is: its name, else a person's first and last name
     * (a person's title is a job), else its title or label.
     */
    static List<ColumnSchema> namingColumns(TableSchema table) {
        var names = table.columns().stream()
                .filter(column -> column.name().equalsIgnoreCase("name"))
                .toList();
        if (names.isEmpty()) {
            names = table.columns().stream()
                    .filter(column -> column.name().toLowerCase(Locale.ROOT).endsWith("_name"))
                    .limit(2)
                    .toList();
        }
        if (!names.isEmpty()) {
            return names;
        }
        for (var wanted : List.of("title", "label")) {
            var named = table.columns().stream()
                    .filter(column -> column.name().equalsIgnoreCase(wanted))
                    .toList();
            if (!named.isEmpty()) {
                return named;
            }
        }
        return table.columns().stream()
                .filter(column -> !isNumeric(column) && !isKey(column))
                .findFirst()
                .or(() -> table.columns().stream().findFirst())
                .map(List::of)
                .orElse(List.of());
    }

    /** Whether the column is what its rows are called (a name, a title, a label), not just their first text. */
    static boolean isName(ColumnSchema column) {
        var name = column.name().toLowerCase(Locale.ROOT);
        return name.equals("name") || name.endsWith("_name") || name.equals("title") || name.equals("label");
    }

    static int tableScore(TableSchema table, String text) {
        var tokens = tokens(text).stream().map(SchemaWords::stem).toList();
        int score = tokens.contains(stem(table.name())) ? 5 : 0;
        for (var column : table.columns()) {
            if (tokens.contains(stem(column.name().replace("_", "")))) {
                score++;
            }
        }
        return score;
    }

    static boolean isNumeric(ColumnSchema column) {
        return SqlTypes.isNumeric(column.type());
    }

    static boolean isFlag(ColumnSchema column) {
        return !column.topValues().isEmpty()
                && column.topValues().stream().allMatch(value -> YES_NO.contains(value.toLowerCase(Locale.ROOT)));
    }

    static String positive(ColumnSchema column) {
        return column.topValues().stream()
                .filter(value -> Set.of("yes", "y", "true").contains(value.toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElse("yes");
    }

    static String negative(ColumnSchema column) {
        return column.topValues().stream()
                .filter(value -> Set.of("no", "n", "false").contains(value.toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElse("no");
    }

    /** Whether the text names the column, as one word or as two words written together ("air conditioning"). */
    static boolean mentions(String text, ColumnSchema column) {
        return MENTIONS.computeIfAbsent(column.name(), name -> Pattern.compile(words(column)))
                .matcher(text)
                .find();
    }

    /**
     * The words of the text that a column name abbreviates, two or more in a row, each cut to a prefix of
     * at least three letters ("preferred area" for {@code prefarea}, "hot water heating" for
     * {@code hotwaterheating}); null when none do.
     */
    static @Nullable String abbreviation(String text, ColumnSchema column) {
        var name = column.name().replace("_", "");
        var tokens = tokens(text);
        for (int start = 0; start < tokens.size(); start++) {
            int end = abbreviatedUntil(name, tokens, start);
            if (end - start >= 2) {
                return String.join(" ", tokens.subList(start, end));
            }
        }
        return null;
    }

    /** The index after the last token that completes {@code name}, or -1 when the tokens from {@code at} do not. */
    private static int abbreviatedUntil(String name, List<String> tokens, int at) {
        if (name.isEmpty()) {
            return at;
        }
        if (at >= tokens.size()) {
            return -1;
        }
        var token = tokens.get(at);
        for (int length = Math.min(token.length(), name.length()); length >= 3; length--) {
            if (name.startsWith(token.substring(0, length))) {
                int end = abbreviatedUntil(name.substring(length), tokens, at + 1);
                if (end >= 0) {
                    return end;
                }
            }
        }
        return -1;
    }

    /** Column names recur in every question about a dataset; compile each one's pattern once. */
    private static final java.util.Map<String, Pattern> MENTIONS = new java.util.concurrent.ConcurrentHashMap<>();

    /** A pattern for the column's name as people write it: "guestroom" matches "guest room" and "guest rooms". */
    static String words(ColumnSchema column) {
        var name = column.name().replace("_", "");
        var pattern = new StringBuilder("\\b");
        for (int i = 0; i < name.length(); i++) {
            pattern.append(Pattern.quote(String.valueOf(name.charAt(i))));
            if (i < name.length() - 1) {
                pattern.append("[ _-]?");
            }
        }
        return pattern.append("s?\\b").toString();
    }

    static Set<String> labelTokens(ColumnSchema column) {
        return Set.copyOf(tokens(column.label()).stream().map(SchemaWords::stem).toList());
    }

    static String normalise(String question) {
        return question.toLowerCase(Locale.ROOT)
                .replaceAll("[?!.,;:]", " ")
                .replaceAll("\\s+", " ")
                .strip();
    }

    static List<String> tokens(String text) {
        return List.of(text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")).stream()
                .filter(token -> !token.isEmpty())
                .toList();
    }

    /** Plural and simple verb endings off, so "bedrooms" finds "bedroom" and "houses" finds "house". */
    static String stem(String word) {
        if (word.endsWith("ies") && word.length() > 4) {
            return word.substring(0, word.length() - 3) + "y";
        }
        if (word.endsWith("es") && word.length() > 4 && !word.endsWith("ses")) {
            return word.substring(0, word.length() - 1);
        }
        if (word.endsWith("s") && !word.endsWith("ss") && word.length() > 3) {
            return word.substring(0, word.length() - 1);
        }
        return word;
    }

    static String quote(String identifier) {
        return identifier.matches("[a-z_][a-z0-9_]*") && !SqlReservedWords.contains(identifier)
                ? identifier
                : "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String alias(String label) {
        var alias = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
        return alias.length() > 60 ? alias.substring(0, 60) : alias;
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** A label as a plural noun, for "number of customers": {@code media_type} is media types. */
    static String plural(String label) {
        var words = label.replace('_', ' ').strip();
        if (words.endsWith("s")) {
            return words;
        }
        if (words.matches(".*[^aeiou]y")) {
            return words.substring(0, words.length() - 1) + "ies";
        }
        if (words.matches(".*(ch|sh|x|z)")) {
            return words + "es";
        }
        return words + "s";
    }

    /**
     * {@code word} as a whole word: not inside a longer run of letters and digits ("on" is not found
     * in "only").
     *
     * @param flags {@link Pattern} flags, such as {@link Pattern#CASE_INSENSITIVE}
     */
    static Pattern asWord(String word, int flags) {
        return Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(word) + "(?![A-Za-z0-9])", flags);
    }
}
