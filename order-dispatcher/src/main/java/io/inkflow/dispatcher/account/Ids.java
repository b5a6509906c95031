package io.inkflow.dispatcher.account;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random identifiers with a readable prefix ({@code acc-}, {@code enr-}, ...). */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** The prefix, a dash and 20 random hex digits (80 bits): unguessable and short enough to read. */
    public static String random(String prefix) {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return prefix + "-" + HexFormat.of().formatHex(bytes);
    }
}
