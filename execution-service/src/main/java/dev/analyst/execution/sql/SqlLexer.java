package dev.analyst.execution.sql;

/**
 * A PostgreSQL-faithful scan of quotes and comments. JSqlParser and PostgreSQL lex a few constructs
 * differently (backslash escapes in {@code E'...'} strings, dollar quoting, Unicode escapes, nested
 * comments); SQL that uses them could show the parser one query and the server another, so it is refused
 * here. What passes is also normalised: runs of whitespace and comments outside literals become one space.
 */
final class SqlLexer {

    private SqlLexer() {}

    static String normalise(String sql) {
        var out = new StringBuilder(sql.length());
        boolean pendingSpace = false;
        int i = 0;
        int length = sql.length();
        while (i < length) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                pendingSpace = true;
                i++;
            } else if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
                pendingSpace = true;
                while (i < length && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
                    i++;
                }
            } else if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
                pendingSpace = true;
                i = skipBlockComment(sql, i);
            } else {
                if (pendingSpace && !out.isEmpty()) {
                    out.append(' ');
                }
                pendingSpace = false;
                int end = switch (c) {
                    case '\'' -> endOfString(sql, i);
                    case '"' -> endOfQuotedIdentifier(sql, i);
                    case '$' ->
                        throw SqlRejected.cannotValidate(
                                "dollar-quoted strings and $n parameters are not supported; use single quotes.");
                    case '\\' -> throw SqlRejected.cannotValidate("a backslash outside a string literal.");
                    default -> i + 1;
                };
                out.append(sql, i, end);
                i = end;
            }
        }
        return out.toString();
    }

    private static int skipBlockComment(String sql, int start) {
        int i = start + 2;
        while (i + 1 < sql.length()) {
            if (sql.charAt(i) == '*' && sql.charAt(i + 1) == '/') {
                return i + 2;
            }
            if (sql.charAt(i) == '/' && sql.charAt(i + 1) == '*') {
                throw SqlRejected.cannotValidate("nested block comments are not supported.");
            }
            i++;
        }
        throw SqlRejected.cannotValidate("an unterminated block comment.");
    }

    private static int endOfString(String sql, int start) {
        boolean escapeString = hasPrefix(sql, start, 'e');
        if (hasUnicodePrefix(sql, start)) {
            throw SqlRejected.cannotValidate("U& Unicode escape strings are not supported.");
        }
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\\' && escapeString) {
                throw SqlRejected.cannotValidate("backslash escapes in E'...' strings are not supported.");
            }
            if (c == '\'') {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        throw SqlRejected.cannotValidate("an unterminated string literal.");
    }

    private static int endOfQuotedIdentifier(String sql, int start) {
        if (hasUnicodePrefix(sql, start)) {
            throw SqlRejected.cannotValidate("U& Unicode escape identifiers are not supported.");
        }
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == '"') {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '"') {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        throw SqlRejected.cannotValidate("an unterminated quoted identifier.");
    }

    /** Whether the quote at {@code quote} is prefixed by the letter (as in {@code E'...'}), not by a longer word. */
    private static boolean hasPrefix(String sql, int quote, char letter) {
        return quote >= 1
                && Character.toLowerCase(sql.charAt(quote - 1)) == letter
                && (quote < 2 || !isIdentifierPart(sql.charAt(quote - 2)));
    }

    private static boolean hasUnicodePrefix(String sql, int quote) {
        return quote >= 2 && sql.charAt(quote - 1) == '&' && Character.toLowerCase(sql.charAt(quote - 2)) == 'u';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
