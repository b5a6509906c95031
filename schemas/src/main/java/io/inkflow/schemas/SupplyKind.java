package io.inkflow.schemas;

/** Liquid ink or dry toner. */
public enum SupplyKind {
    INK, TONER
}
