package dev.analyst.analytics.ledger;

import dev.analyst.contracts.usage.ModelCalled;
import dev.analyst.contracts.usage.PriceList;
import dev.analyst.contracts.usage.PriceList.Pricing;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Costs a model call from the shared price list ({@code analyst.prices}), in integer micro-dollars. The
 * agent checks budgets with the same list, so a call costs the same in the ledger and in a budget.
 */
@Component
class PriceTable {

    private final PriceList list;

    @Autowired
    PriceTable(Environment environment) {
        this(Binder.get(environment)
                .bind("analyst.prices", PriceList.class)
                .orElseThrow(() -> new IllegalStateException(
                        "No price list: analyst.prices is missing (it ships as " + PriceList.RESOURCE + ")")));
    }

    PriceTable(PriceList list) {
        this.list = list;
    }

    Pricing price(ModelCalled call) {
        return list.price(call);
    }
}
