package dev.analyst.analytics.activity;

import java.time.LocalDate;

/**
 * What people did on one UTC day. Users are counted by tenant and user id; active and new users come
 * from model calls (new: their first call ever was that day), asking users, conversations and questions
 * from the questions asked.
 */
record DailyActivity(
        LocalDate day, long activeUsers, long newUsers, long askingUsers, long conversations, long questions) {}
