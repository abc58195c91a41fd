package dev.analyst.contracts.budget;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.analyst.contracts.Event;

/**
 * The budget an administrator set for each user and tenant, keyed by its holder on a compacted topic,
 * so a consumer that reads it from the start knows every budget set. A tombstone returns the holder to
 * the budgets of configuration.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(BudgetSet.class)})
public sealed interface BudgetEvent extends Event permits BudgetSet {

    /** Whose budget: {@code user:<user id>} or {@code tenant:<tenant id>}. */
    String holder();

    @Override
    default String key() {
        return holder();
    }

    /** The holder of a user's budget. */
    static String user(String userId) {
        return "user:" + userId;
    }

    /** The holder of a tenant's budget. */
    static String tenant(String tenantId) {
        return "tenant:" + tenantId;
    }
}
