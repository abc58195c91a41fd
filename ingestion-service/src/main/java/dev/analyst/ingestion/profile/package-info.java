/** Profiles of loaded tables, computed inside PostgreSQL so memory stays flat whatever the size. */
@NullMarked
package dev.analyst.ingestion.profile;

import org.jspecify.annotations.NullMarked;
