/** Reading delimited text files: dialect sniffing, safe identifiers, type inference and COPY rows. */
@NullMarked
package dev.analyst.ingestion.csv;

import org.jspecify.annotations.NullMarked;
