package io.inkflow.streams.policy;

/** Whether the cartridge in a slot may still order. */
public enum SlotStatus {
    /** No order placed for the current cartridge yet. */
    ARMED,
    /** The current cartridge has been ordered; only a new cartridge arms the slot again. */
    ORDERED
}
