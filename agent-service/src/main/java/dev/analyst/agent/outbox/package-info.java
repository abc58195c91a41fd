/** Events written with the state they describe and published after commit. */
@NullMarked
package dev.analyst.agent.outbox;

import org.jspecify.annotations.NullMarked;
