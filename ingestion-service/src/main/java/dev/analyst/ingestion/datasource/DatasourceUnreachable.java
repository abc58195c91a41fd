package dev.analyst.ingestion.datasource;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Connecting to or reading a datasource failed. The detail names the kind of failure only: the
 * server's own messages (banners, versions, paths) are never passed on.
 */
public final class DatasourceUnreachable extends ErrorResponseException {

    DatasourceUnreachable(String reason) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, problem(reason), null);
    }

    /** A reason worth telling the user, from the SQLSTATE alone. */
    static DatasourceUnreachable fromSqlState(String sqlState) {
        if (sqlState.startsWith("28")) {
            return new DatasourceUnreachable("The user name or password was not accepted");
        }
        if (sqlState.equals("3D000")) {
            return new DatasourceUnreachable("The database does not exist");
        }
        if (sqlState.startsWith("08")) {
            return new DatasourceUnreachable("No PostgreSQL server answered at that host and port in time");
        }
        if (sqlState.equals("57014")) {
            return new DatasourceUnreachable("Reading the schema took too long");
        }
        if (sqlState.startsWith("42")) {
            return new DatasourceUnreachable("The user may not read the schema's catalog");
        }
        return new DatasourceUnreachable("The database could not be read");
    }

    private static ProblemDetail problem(String reason) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, reason);
        problem.setTitle("Datasource unreachable");
        problem.setProperty("code", "datasource-unreachable");
        return problem;
    }
}
