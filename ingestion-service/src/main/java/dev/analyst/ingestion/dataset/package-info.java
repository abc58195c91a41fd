/** Datasets: uploading files into the tenant's warehouse schema, their versions and their registry. */
@NullMarked
package dev.analyst.ingestion.dataset;

import org.jspecify.annotations.NullMarked;
