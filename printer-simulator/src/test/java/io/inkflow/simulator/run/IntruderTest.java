package io.inkflow.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.Channel;
import io.inkflow.simulator.fault.FaultKind;
import io.inkflow.simulator.fleet.FleetPrinter;
import io.inkflow.simulator.stats.ErrorKind;
import io.inkflow.simulator.stats.RunCounters;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;

class IntruderTest {
    private static final FleetPrinter VICTIM = new FleetPrinter("P-000001", "pixma-ts6420a", Channel.CANON, "acct",
            "token", "enr-1", "secret-1");

    private final FakeLink link = new FakeLink();
    private final List<String> clientIds = new ArrayList<>();
    private final RunCounters counters = new RunCounters();
    private final Semaphore permits = new Semaphore(1);
    private final Intruder intruder = new Intruder(VICTIM, clientId -> {
        clientIds.add(clientId);
        return link;
    }, counters, Runnable::run, permits);

    @Test
    void connectsAsThePrinterWithAWrongSecretAndCountsTheRefusal() {
        assertThat(intruder.tryAttempt()).isTrue();

        assertThat(clientIds).containsExactly("P-000001");
        assertThat(link.lastConnect().username()).isEqualTo("P-000001");
        assertThat(link.lastConnect().password()).isNotEqualTo("secret-1").isEqualTo("wrong-secret-1");
        assertThat(counters.faults().get(FaultKind.WRONG_CREDENTIAL)).isEqualTo(1);
        assertThat(permits.availablePermits()).as("held while the attempt runs").isZero();

        link.lastConnect().outcome().failed(new IllegalStateException("CONNACK 0x86"), true);

        assertThat(counters.wrongCredentialRejected.sum()).isEqualTo(1);
        assertThat(counters.errorTotal()).isZero();
        assertThat(link.disconnects.get()).isEqualTo(1);
        assertThat(link.closes.get()).isEqualTo(1);
        assertThat(permits.availablePermits()).isEqualTo(1);
    }

    @Test
    void aWrongSecretTheGatewayAcceptsIsASecurityError() {
        intruder.tryAttempt();

        link.lastConnect().outcome().connected();

        assertThat(counters.errors().get(ErrorKind.WRONG_CREDENTIAL_ACCEPTED)).isEqualTo(1);
        assertThat(counters.wrongCredentialRejected.sum()).isZero();
        assertThat(link.closes.get()).isEqualTo(1);
        assertThat(permits.availablePermits()).isEqualTo(1);
    }

    @Test
    void noAttemptWhileTooManyAreUnderWay() {
        permits.drainPermits();

        assertThat(intruder.tryAttempt()).isFalse();

        assertThat(link.connects).isEmpty();
        assertThat(counters.faults().get(FaultKind.WRONG_CREDENTIAL)).isZero();
    }
}
