/** Reading uploaded files of every supported format as tables of named columns and rows of cells. */
@NullMarked
package dev.analyst.ingestion.source;

import org.jspecify.annotations.NullMarked;
