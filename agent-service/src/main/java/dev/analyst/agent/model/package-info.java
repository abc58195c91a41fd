/**
 * Hosted models through LangChain4j: one client per configured provider, a role's chain of models,
 * Resilience4j around every call, and a listener that meters each call as it is made.
 */
@NullMarked
package dev.analyst.agent.model;

import org.jspecify.annotations.NullMarked;
