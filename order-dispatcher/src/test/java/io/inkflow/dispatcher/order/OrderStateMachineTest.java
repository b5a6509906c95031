package io.inkflow.dispatcher.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkflow.schemas.OrderState;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OrderStateMachineTest {
    private static final List<Transition> ALL = List.of(new Transition.Backorder(), new Transition.ReleaseBackorder(),
            new Transition.Charge(1999), new Transition.DeclinePayment("card_declined"), new Transition.RetryPayment(),
            new Transition.Ship("IF123", "sandbox", LocalDate.of(2026, 11, 30)), new Transition.Forward("AMZ-1"),
            new Transition.Cancel("customer asked"));

    @Test
    void happyPathGoesPendingChargedShipped() {
        OrderState state = OrderState.PENDING;
        state = OrderStateMachine.apply(state, new Transition.Charge(1999));
        assertThat(state).isEqualTo(OrderState.CHARGED);
        state = OrderStateMachine.apply(state, new Transition.Ship("IF123", "sandbox", LocalDate.of(2026, 11, 30)));
        assertThat(state).isEqualTo(OrderState.SHIPPED);
    }

    @Test
    void backorderIsReleasedToPendingAndThenCharged() {
        OrderState state = OrderStateMachine.apply(OrderState.PENDING, new Transition.Backorder());
        assertThat(state).isEqualTo(OrderState.BACKORDERED);
        assertThat(OrderStateMachine.allows(state, new Transition.Charge(100))).isFalse();
        state = OrderStateMachine.apply(state, new Transition.ReleaseBackorder());
        assertThat(OrderStateMachine.apply(state, new Transition.Charge(100))).isEqualTo(OrderState.CHARGED);
    }

    @Test
    void declinedPaymentIsRetriedOnlyThroughPending() {
        OrderState failed = OrderStateMachine.apply(OrderState.PENDING, new Transition.DeclinePayment("declined"));
        assertThat(failed).isEqualTo(OrderState.PAYMENT_FAILED);
        assertThat(OrderStateMachine.allows(failed, new Transition.Charge(100))).isFalse();
        assertThat(OrderStateMachine.apply(failed, new Transition.RetryPayment())).isEqualTo(OrderState.PENDING);
    }

    @Test
    void onlyUnshippedUnchargedOrdersAreCancellable() {
        Set<OrderState> cancellable = EnumSet.noneOf(OrderState.class);
        for (OrderState state : OrderState.values()) {
            if (OrderStateMachine.allows(state, new Transition.Cancel("x"))) {
                cancellable.add(state);
            }
        }
        assertThat(cancellable).containsExactlyInAnyOrder(OrderState.PENDING, OrderState.BACKORDERED,
                OrderState.PAYMENT_FAILED);
    }

    @ParameterizedTest
    @EnumSource(value = OrderState.class, names = {"SHIPPED", "FORWARDED", "CANCELLED"})
    void terminalStatesAllowNothing(OrderState terminal) {
        for (Transition t : ALL) {
            assertThat(OrderStateMachine.allows(terminal, t)).as("%s from %s", t, terminal).isFalse();
        }
        assertThat(terminal.terminal()).isTrue();
    }

    @Test
    void chargedOrderCanOnlyShip() {
        for (Transition t : ALL) {
            assertThat(OrderStateMachine.allows(OrderState.CHARGED, t)).as(t.toString())
                    .isEqualTo(t instanceof Transition.Ship);
        }
    }

    @Test
    void amazonOrdersAreForwardedFromPendingOnly() {
        assertThat(OrderStateMachine.apply(OrderState.PENDING, new Transition.Forward("AMZ-1")))
                .isEqualTo(OrderState.FORWARDED);
        assertThat(OrderStateMachine.allows(OrderState.BACKORDERED, new Transition.Forward("AMZ-1"))).isFalse();
    }

    @Test
    void forbiddenTransitionNamesTheState() {
        assertThatThrownBy(() -> OrderStateMachine.apply(OrderState.SHIPPED, new Transition.Cancel("late")))
                .isInstanceOf(OrderStateMachine.IllegalTransitionException.class)
                .hasMessageContaining("Cancel").hasMessageContaining("SHIPPED");
    }

    @Test
    void everyTransitionTargetsItsOwnState() {
        assertThat(ALL).extracting(Transition::target).containsExactly(OrderState.BACKORDERED, OrderState.PENDING,
                OrderState.CHARGED, OrderState.PAYMENT_FAILED, OrderState.PENDING, OrderState.SHIPPED,
                OrderState.FORWARDED, OrderState.CANCELLED);
    }
}
