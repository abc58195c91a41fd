/** Errors at the HTTP edge as RFC 9457 problem details ({@code application/problem+json}). */
@NullMarked
package dev.analyst.gateway.problem;

import org.jspecify.annotations.NullMarked;
