package dev.analyst.agent.budget;

/** Where a user and their tenant stand against their budgets before a stage picks its models. */
public enum Standing {
    /** Room to spare: the stage uses its own models. */
    WITHIN,
    /** Past the economy share of a limit: the stage uses the economy model, or the built-in one. */
    NEAR
}
