package io.inkflow.dispatcher.portal.view;

import java.util.Locale;

/** Prices in US cents as the pages show them. */
public final class Money {
    private Money() {
    }

    public static String usd(long cents) {
        return String.format(Locale.US, "$%d.%02d", cents / 100, Math.abs(cents % 100));
    }

    /** An amount that may not be known yet (not charged): a dash. */
    public static String usd(Long cents) {
        return cents == null ? "–" : usd(cents.longValue());
    }
}
