/**
 * The OpenAI-compatible API under {@code /v1}: the analyst's agents as models and questions as chat
 * completions, so any OpenAI client or chat front end can ask the analyst.
 */
@NullMarked
package dev.analyst.gateway.openai;

import org.jspecify.annotations.NullMarked;
