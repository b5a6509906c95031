package io.inkflow.dispatcher.portal.book;

import java.util.List;

/** The outcome of removing an address or a payment method. */
public sealed interface Removal {

    record Removed() implements Removal {
    }

    /** No such entry in this account. */
    record NotFound() implements Removal {
    }

    /** A default: another entry must become the default first. */
    record IsDefault() implements Removal {
    }

    /** Printers use it: they must get another one first. */
    record InUse(List<String> serials) implements Removal {
    }

    /**
     * Why the entry stays, for the page, or null when it was removed or not found.
     *
     * @param defaultText what a default entry is called ("your default payment method")
     * @param usedText    how printers use it ("is paid with this method")
     * @param otherText   what the printers need instead ("another method")
     */
    default String problem(String defaultText, String usedText, String otherText) {
        return switch (this) {
            case IsDefault isDefault -> "This is " + defaultText + ". Make another one the default first.";
            case InUse inUse -> "Printer " + String.join(", ", inUse.serials()) + " " + usedText + ". Choose "
                    + otherText + " for it first.";
            case Removed removed -> null;
            case NotFound notFound -> null;
        };
    }
}
