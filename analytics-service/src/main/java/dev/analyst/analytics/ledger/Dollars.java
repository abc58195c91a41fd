package dev.analyst.analytics.ledger;

import java.math.BigDecimal;

/** Micro-dollars, the ledger's integer unit of money, shown as dollars. */
final class Dollars {

    private Dollars() {}

    static BigDecimal fromMicros(long micros) {
        return BigDecimal.valueOf(micros, 6);
    }
}
