package io.inkflow.dispatcher.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.dispatcher.http.Role;
import io.inkflow.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StreamTicketsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final StreamTickets tickets = new StreamTickets(clock, Duration.ofSeconds(30));

    @Test
    void ticketOpensOneStreamWithTheRoleItWasIssuedFor() {
        StreamTickets.Ticket ticket = tickets.issue(Role.ADMIN);

        assertThat(tickets.redeem(ticket.value())).contains(Role.ADMIN);
        assertThat(tickets.redeem(ticket.value())).isEmpty();
    }

    @Test
    void expiredTicketIsRefused() {
        StreamTickets.Ticket ticket = tickets.issue(Role.FULFILMENT);
        clock.advance(Duration.ofSeconds(30));

        assertThat(tickets.redeem(ticket.value())).isEmpty();
    }

    @Test
    void unknownOrMissingTicketIsRefused() {
        tickets.issue(Role.FULFILMENT);

        assertThat(tickets.redeem("not-a-ticket")).isEmpty();
        assertThat(tickets.redeem(null)).isEmpty();
    }

    @Test
    void ticketsAreUnguessablyDistinct() {
        String a = tickets.issue(Role.FULFILMENT).value();
        String b = tickets.issue(Role.FULFILMENT).value();

        assertThat(a).isNotEqualTo(b).hasSizeGreaterThanOrEqualTo(32);
    }
}
