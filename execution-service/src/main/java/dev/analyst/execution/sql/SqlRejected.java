package dev.analyst.execution.sql;

/** The validator refused a statement; the message says why in words the agent can act on. */
public final class SqlRejected extends RuntimeException {

    SqlRejected(String message) {
        super(message);
    }

    static SqlRejected cannotValidate(String reason) {
        return new SqlRejected("The SQL cannot be validated, so it was not run: " + reason);
    }
}
