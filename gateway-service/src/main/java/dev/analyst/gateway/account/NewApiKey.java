package dev.analyst.gateway.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** An API key to make, named so its owner knows later what uses it. */
record NewApiKey(@NotBlank @Size(max = 100) String name) {}
