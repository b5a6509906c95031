package io.inkflow.schemas;

/** Where a printer's replenishment orders go: charged and shipped by us, or handed to Amazon. */
public enum Channel {
    CANON, AMAZON
}
