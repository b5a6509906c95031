package io.inkflow.stack.chaos;

/**
 * An order row of the dispatcher's database, reduced to what the ledger and final-state checks need.
 *
 * @param amountCents       what the dispatcher says it charged (null until charged)
 * @param promotionPercent  the promotion active when the order was created (null: none)
 * @param parked            set aside for a person after too many failures
 */
public record OrderRow(String orderId, String state, String channel, String model, String slot, Long amountCents,
                       Integer promotionPercent, boolean parked) {
}
