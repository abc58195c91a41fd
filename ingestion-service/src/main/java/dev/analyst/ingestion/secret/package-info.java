/** Sealing credentials at rest with the suite's shared secret key. */
@NullMarked
package dev.analyst.ingestion.secret;

import org.jspecify.annotations.NullMarked;
