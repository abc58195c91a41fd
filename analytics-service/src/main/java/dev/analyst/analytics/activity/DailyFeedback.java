package dev.analyst.analytics.activity;

import java.time.LocalDate;

/** Answers rated helpful (correct) and not helpful on one UTC day; a run rated twice counts its latest rating. */
record DailyFeedback(LocalDate day, long helpful, long notHelpful) {}
