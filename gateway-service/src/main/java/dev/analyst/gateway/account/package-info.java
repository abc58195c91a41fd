/**
 * Accounts: people who register with an email and password, the workspaces (tenants) they belong to with
 * a role, the access and refresh tokens they sign in with, and the API keys they make for programs.
 */
@NullMarked
package dev.analyst.gateway.account;

import org.jspecify.annotations.NullMarked;
