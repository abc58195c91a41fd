package dev.analyst.gateway.conversation;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The body of {@code PATCH /api/conversations/{id}}: the conversation's new title. */
record RenameConversation(@NotBlank @Size(max = 200) String title) {}
