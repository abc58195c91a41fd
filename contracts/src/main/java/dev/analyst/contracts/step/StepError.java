package dev.analyst.contracts.step;

/** Why a step failed, in classes the agent can act on. */
public enum StepError {
    /** The SQL does not parse. */
    SYNTAX(true),
    /** A table, column or function the dataset does not have. */
    UNKNOWN_OBJECT(true),
    /** An operator or function applied to the wrong type. */
    TYPE_MISMATCH(true),
    /** The query ran past the statement timeout. */
    TIMEOUT(true),
    /** The validator refused the statement: not a single read-only query of an allowed shape. */
    REJECTED(true),
    /**
     * The planner's estimate of the query's cost is above the configured limit; the message carries the
     * estimate. Narrowing the question (a filter, a period) is for the user to decide.
     */
    TOO_EXPENSIVE(false),
    /** The rows do not suit the analysis: too few, a constant column, a single group. */
    UNSUITABLE_DATA(false),
    /** The tenant already has as many queries waiting as it may; try again when they finish. */
    BUSY(false),
    /** The tenant's role may not read what the query names. */
    PERMISSION(false),
    /** The dataset is unknown or not visible to the tenant. */
    DATASET_NOT_FOUND(false),
    /** The database or the service failed in a way the SQL cannot fix. */
    INTERNAL(false);

    private final boolean correctable;

    StepError(boolean correctable) {
        this.correctable = correctable;
    }

    /** Whether rewriting the SQL could make the step succeed. */
    public boolean correctable() {
        return correctable;
    }
}
