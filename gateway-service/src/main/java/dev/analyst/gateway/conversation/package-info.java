/** Conversations and their messages: asking a question, and reading back what was asked and answered. */
@NullMarked
package dev.analyst.gateway.conversation;

import org.jspecify.annotations.NullMarked;
