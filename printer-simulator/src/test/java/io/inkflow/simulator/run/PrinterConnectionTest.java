package io.inkflow.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.Channel;
import io.inkflow.simulator.fleet.FleetPrinter;
import io.inkflow.simulator.stats.ErrorKind;
import io.inkflow.simulator.stats.RunCounters;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrinterConnectionTest {
    private static final FleetPrinter PRINTER = new FleetPrinter("P-000001", "pixma-ts6420a", Channel.CANON, "acct",
            "token", "enr-1", "secret-1");

    private final FakeLink link = new FakeLink();
    private final RunCounters counters = new RunCounters();
    private final List<Runnable> background = new ArrayList<>();
    private final List<String> heard = new ArrayList<>();
    private final PrinterConnection connection = new PrinterConnection(PRINTER, link, counters, background::add, this,
            new PrinterConnection.Listener() {
                @Override
                public void onConnected() {
                    heard.add("connected");
                }

                @Override
                public void onConnectFailed(long backoffMillis) {
                    heard.add("failed, back off " + backoffMillis);
                }

                @Override
                public void onLost() {
                    heard.add("lost");
                }

                @Override
                public void onConnectedTooLate() {
                    heard.add("too late");
                }
            });

    private void connected() {
        connection.connect();
        link.lastConnect().outcome().connected();
    }

    private void runBackground() {
        background.forEach(Runnable::run);
        background.clear();
    }

    @Test
    void connectsWithThePrintersOwnCredentials() {
        connection.connect();

        assertThat(connection.state()).isEqualTo(PrinterConnection.State.CONNECTING);
        assertThat(link.lastConnect().username()).isEqualTo("P-000001");
        assertThat(link.lastConnect().password()).isEqualTo("secret-1");

        link.lastConnect().outcome().connected();

        assertThat(connection.state()).isEqualTo(PrinterConnection.State.CONNECTED);
        assertThat(heard).containsExactly("connected");
        assertThat(counters.connects.sum()).isEqualTo(1);
    }

    @Test
    void eachFailedAttemptDoublesTheBackoffUpToThirtySecondsAndASuccessResetsIt() {
        for (int attempt = 0; attempt < 7; attempt++) {
            connection.connect();
            link.lastConnect().outcome().failed(new IllegalStateException("refused"), attempt == 0);
        }
        connected();
        connection.connect();
        link.lastConnect().outcome().failed(new IllegalStateException("refused"), false);

        assertThat(heard).containsExactly("failed, back off 1000", "failed, back off 2000", "failed, back off 4000",
                "failed, back off 8000", "failed, back off 16000", "failed, back off 30000", "failed, back off 30000",
                "connected", "failed, back off 1000");
        assertThat(counters.errors().get(ErrorKind.CONNECT_NOT_AUTHORIZED)).isEqualTo(1);
        assertThat(counters.errors().get(ErrorKind.CONNECT_FAILED)).isEqualTo(7);
        assertThat(connection.state()).isEqualTo(PrinterConnection.State.DISCONNECTED);
    }

    @Test
    void aLostConnectionIsAnErrorUnlessAFaultWasPublishedOnIt() {
        connected();
        link.lastConnect().listener().connectionLost(new IllegalStateException("reset"));

        assertThat(connection.state()).isEqualTo(PrinterConnection.State.DISCONNECTED);
        assertThat(counters.errors().get(ErrorKind.CONNECTION_LOST)).isEqualTo(1);

        connected();
        connection.excuseLoss();
        link.lastConnect().listener().connectionLost(new IllegalStateException("closed by the gateway"));

        assertThat(counters.errors().get(ErrorKind.CONNECTION_LOST)).isEqualTo(1);
        assertThat(heard).containsExactly("connected", "lost", "connected", "lost");
    }

    @Test
    void aPublishRefusedAsNotConnectedEndsTheConnectionOnce() {
        connected();

        connection.lostUnreported();
        connection.lostUnreported();
        link.lastConnect().listener().connectionLost(new IllegalStateException("reported late"));

        assertThat(heard).containsExactly("connected", "lost");
        assertThat(counters.errors().get(ErrorKind.CONNECTION_LOST)).isEqualTo(1);
    }

    @Test
    void outcomesOfADroppedAttemptAreIgnoredAndALateSuccessIsReported() {
        connection.connect();
        FakeLink.Connect dropped = link.lastConnect();

        assertThat(connection.drop()).isTrue();
        assertThat(connection.linkBusy()).isTrue();
        runBackground();
        assertThat(link.drops.get()).isEqualTo(1);
        assertThat(connection.linkBusy()).isFalse();

        dropped.outcome().failed(new IllegalStateException("refused"), false);
        dropped.outcome().connected();
        dropped.listener().connectionLost(new IllegalStateException("reset"));

        assertThat(heard).containsExactly("too late");
        assertThat(counters.errorTotal()).isZero();
        assertThat(connection.state()).isEqualTo(PrinterConnection.State.DISCONNECTED);
        assertThat(connection.drop()).as("nothing left to drop").isFalse();
    }

    @Test
    void anAttemptTakingTooLongIsAbandonedAsAFailedConnect() {
        connection.connect();

        connection.abandon();
        runBackground();

        assertThat(connection.state()).isEqualTo(PrinterConnection.State.DISCONNECTED);
        assertThat(counters.errors().get(ErrorKind.CONNECT_FAILED)).isEqualTo(1);
        assertThat(link.drops.get()).isEqualTo(1);
    }

    @Test
    void switchedOffItDisconnectsAndMakesNoAttemptUntilSwitchedOn() {
        connected();

        assertThat(connection.switchOff()).isTrue();
        runBackground();
        connection.connect();

        assertThat(link.disconnects.get()).isEqualTo(1);
        assertThat(connection.state()).isEqualTo(PrinterConnection.State.OFFLINE);
        assertThat(link.connects).hasSize(1);
        assertThat(connection.switchOff()).as("already off").isFalse();

        connection.switchedOn();
        connection.connect();

        assertThat(link.connects).hasSize(2);
        assertThat(connection.state()).isEqualTo(PrinterConnection.State.CONNECTING);
    }

    @Test
    void switchedOffWhileConnectingItEndsTheAttemptAndIgnoresItsOutcome() {
        connection.connect();
        FakeLink.Connect abandoned = link.lastConnect();

        assertThat(connection.switchOff()).isTrue();
        runBackground();
        abandoned.outcome().connected();

        assertThat(link.disconnects.get()).as("the link ends the attempt (PrinterConnectionPahoIT)").isEqualTo(1);
        assertThat(heard).containsExactly("too late");
        assertThat(connection.state()).isEqualTo(PrinterConnection.State.OFFLINE);
    }

    @Test
    void shutdownDisconnectsFreesTheClientAndIgnoresWhatComesLater() {
        connected();
        FakeLink.Connect last = link.lastConnect();

        connection.shutdown();
        last.listener().connectionLost(new IllegalStateException("closed"));
        connection.connect();

        assertThat(link.disconnects.get()).isEqualTo(1);
        assertThat(link.closes.get()).isEqualTo(1);
        assertThat(link.connects).hasSize(1);
        assertThat(counters.errorTotal()).isZero();
    }
}
