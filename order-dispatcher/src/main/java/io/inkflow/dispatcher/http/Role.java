package io.inkflow.dispatcher.http;

/** What a bearer token may do. */
public enum Role {
    /** One account's owner: sees and changes only that account. */
    CUSTOMER,
    /** The fulfilment team: orders, backorders, inventory, restock, order flow. */
    FULFILMENT,
    /** Everything, including opening accounts and issuing tokens. */
    ADMIN
}
