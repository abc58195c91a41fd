/** The specialised agents a question can mention, and which of them each user has turned on. */
@NullMarked
package dev.analyst.gateway.agents;

import org.jspecify.annotations.NullMarked;
