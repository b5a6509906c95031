package io.inkflow.dispatcher.portal.view;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times and dates as the pages show them (UTC, unambiguous day-month-year). */
public final class Dates {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);

    private Dates() {
    }

    public static String time(Instant at) {
        return at == null ? "–" : TIME.format(at);
    }

    public static String day(LocalDate date) {
        return date == null ? "–" : DAY.format(date);
    }
}
