/** The gateway service: the public HTTP edge of Analyst, its configuration and its application class. */
@NullMarked
package dev.analyst.gateway;

import org.jspecify.annotations.NullMarked;
