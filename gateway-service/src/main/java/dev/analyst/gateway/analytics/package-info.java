/**
 * The cost and usage reports of analytics-service, forwarded under {@code /admin/analytics} for the browser page's
 * admin view; analytics-service checks the administrator key itself.
 */
@NullMarked
package dev.analyst.gateway.analytics;

import org.jspecify.annotations.NullMarked;
