package io.inkflow.schemas;

/** Supply-level happenings worth telling a customer or showing on a dashboard. */
public enum SupplyEventType {
    LOW_SIGNAL, ORDER_TRIGGERED, NON_GENUINE_DETECTED, REARMED, STALE_PRINTER
}
