/** Who uses the analyst and how they find it: questions, conversations, active and new users, answer ratings. */
@NullMarked
package dev.analyst.analytics.activity;

import org.jspecify.annotations.NullMarked;
