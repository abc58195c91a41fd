package dev.analyst.gateway.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A workspace to create, with the caller as its owner. */
record NewWorkspace(@NotBlank @Size(max = 100) String name) {}
