/** The model-call ledger: pricing, idempotent recording of usage events, usage metrics and the API over it. */
@NullMarked
package dev.analyst.analytics.ledger;

import org.jspecify.annotations.NullMarked;
