/** External PostgreSQL datasources: egress policy, introspection, sealed credentials. */
@NullMarked
package dev.analyst.ingestion.datasource;

import org.jspecify.annotations.NullMarked;
