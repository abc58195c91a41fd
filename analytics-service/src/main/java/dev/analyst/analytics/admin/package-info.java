/** The admin key that guards the analytics API. */
@NullMarked
package dev.analyst.analytics.admin;

import org.jspecify.annotations.NullMarked;
