package io.inkflow.dispatcher.order;

import io.inkflow.schemas.OrderState;

/**
 * The order lifecycle rules, free of storage: which {@link Transition} is allowed from which state.
 *
 * <pre>
 * PENDING --Backorder--> BACKORDERED --ReleaseBackorder--> PENDING
 * PENDING --Charge--> CHARGED --Ship--> SHIPPED
 * PENDING --DeclinePayment--> PAYMENT_FAILED --RetryPayment--> PENDING
 * PENDING --Forward--> FORWARDED                       (Amazon channel)
 * PENDING | BACKORDERED | PAYMENT_FAILED --Cancel--> CANCELLED
 * </pre>
 * A CHARGED order cannot be cancelled: the money is taken and the parcel is about to leave.
 */
public final class OrderStateMachine {
    private OrderStateMachine() {
    }

    public static boolean allows(OrderState from, Transition transition) {
        return switch (transition) {
            case Transition.Backorder b -> from == OrderState.PENDING;
            case Transition.ReleaseBackorder r -> from == OrderState.BACKORDERED;
            case Transition.Charge c -> from == OrderState.PENDING;
            case Transition.DeclinePayment d -> from == OrderState.PENDING;
            case Transition.RetryPayment r -> from == OrderState.PAYMENT_FAILED;
            case Transition.Ship s -> from == OrderState.CHARGED;
            case Transition.Forward f -> from == OrderState.PENDING;
            case Transition.Cancel c -> cancellable(from);
        };
    }

    /** The state after the transition; throws when the rules forbid it. */
    public static OrderState apply(OrderState from, Transition transition) {
        if (!allows(from, transition)) {
            throw new IllegalTransitionException(from, transition);
        }
        return transition.target();
    }

    public static boolean cancellable(OrderState state) {
        return state == OrderState.PENDING || state == OrderState.BACKORDERED || state == OrderState.PAYMENT_FAILED;
    }

    /** A transition the rules forbid; a bug or a lost race, never customer input. */
    public static final class IllegalTransitionException extends IllegalStateException {
        private final OrderState from;

        public IllegalTransitionException(OrderState from, Transition transition) {
            super("Transition " + transition.getClass().getSimpleName() + " not allowed from " + from);
            this.from = from;
        }

        public OrderState from() {
            return from;
        }
    }
}
