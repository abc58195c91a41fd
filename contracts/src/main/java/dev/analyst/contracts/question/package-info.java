/** Questions people ask: the events on {@code analyst.questions.v1}. */
@NullMarked
package dev.analyst.contracts.question;

import org.jspecify.annotations.NullMarked;
