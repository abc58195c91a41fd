/** The OpenAPI document of the gateway's HTTP API, generated from its controllers by springdoc. */
@NullMarked
package dev.analyst.gateway.docs;

import org.jspecify.annotations.NullMarked;
