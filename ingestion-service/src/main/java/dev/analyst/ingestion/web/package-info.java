/** The HTTP edge shared by every endpoint: who the caller is and how failures become problem details. */
@NullMarked
package dev.analyst.ingestion.web;

import org.jspecify.annotations.NullMarked;
