package io.inkflow.dispatcher.fulfilment;

/** What the other orders of an order group do when one of them has no stock ({@code DISPATCHER_GROUP_BACKORDER}). */
public enum GroupBackorder {
    /** The order without stock is backordered alone; the rest of the group ships now, as one parcel. */
    SHIP_REST,
    /** The whole group is backordered until every one of its cartridges is in stock, then ships as one parcel. */
    WAIT
}
