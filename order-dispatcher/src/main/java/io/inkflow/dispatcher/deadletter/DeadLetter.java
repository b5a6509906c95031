package io.inkflow.dispatcher.deadletter;

import java.util.Objects;

/**
 * A consumed record set aside, with where it came from and why. Key and value are the raw bytes as they
 * were on the topic, so a replay after a fix sees exactly what the consumer saw.
 *
 * @param detail a human-readable explanation (the schema violations, the database's message)
 */
public record DeadLetter(String topic, int partition, long offset, byte[] key, byte[] value,
                         DeadLetterReason reason, String detail) {
    private static final int MAX_DETAIL = 2_000;

    public DeadLetter {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(reason, "reason");
        detail = printable(detail == null ? reason.name() : detail);
    }

    /**
     * PostgreSQL text cannot hold a NUL character, and a detail often quotes the refused data; a dead
     * letter must never be refused itself.
     */
    private static String printable(String text) {
        String clean = text.replace('\u0000', '\uFFFD');
        return clean.length() <= MAX_DETAIL ? clean : clean.substring(0, MAX_DETAIL - 1) + "…";
    }
}
