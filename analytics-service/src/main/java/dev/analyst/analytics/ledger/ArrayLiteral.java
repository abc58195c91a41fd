package dev.analyst.analytics.ledger;

/**
 * A PostgreSQL array literal ({@code {a,"b c",3}}) built one element at a time, to be bound as text and
 * cast to the array type in SQL.
 */
final class ArrayLiteral {

    private final StringBuilder text = new StringBuilder(64).append('{');
    private boolean empty = true;

    /** An element that needs no quoting: no comma, brace, quote, backslash or white space, never "NULL". */
    void addBare(String element) {
        separate().append(element);
    }

    void add(long element) {
        separate().append(element);
    }

    void add(boolean element) {
        separate().append(element ? 't' : 'f');
    }

    /** Any text: double-quoted, with backslashes and double quotes escaped. */
    void addText(String element) {
        var out = separate().append('"');
        for (int i = 0; i < element.length(); i++) {
            char c = element.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }

    private StringBuilder separate() {
        if (!empty) {
            text.append(',');
        }
        empty = false;
        return text;
    }

    @Override
    public String toString() {
        return text + "}";
    }
}
