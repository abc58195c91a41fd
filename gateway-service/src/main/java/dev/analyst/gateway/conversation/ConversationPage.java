package dev.analyst.gateway.conversation;

import java.util.List;

/** One page of the caller's conversations, most recently active first. */
record ConversationPage(List<ConversationView> items, int page, int size, boolean hasMore) {}
