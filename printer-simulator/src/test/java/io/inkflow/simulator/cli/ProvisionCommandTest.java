package io.inkflow.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.simulator.SimulatorMain;
import io.inkflow.simulator.fleet.Fleet;
import io.inkflow.simulator.testkit.FakeDispatcher;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ProvisionCommandTest {
    @TempDir
    Path dir;

    @Test
    void enrollsThePrintersAndSavesTheirSecrets() throws Exception {
        try (FakeDispatcher dispatcher = new FakeDispatcher(100)) {
            Path out = dir.resolve("fleet.json");
            CommandLine cli = SimulatorMain.commandLine();
            StringWriter text = new StringWriter();
            cli.setOut(new PrintWriter(text));
            int exit = cli.execute("provision", "--api", dispatcher.base().toString(), "--admin-token",
                    FakeDispatcher.ADMIN, "-n", "7", "--seed", "5", "--prefix", "QA1", "--per-account", "3", "-o",
                    out.toString());
            assertThat(exit).isZero();
            Fleet fleet = Fleet.load(out);
            assertThat(fleet.size()).isEqualTo(7);
            assertThat(fleet.printers()).allSatisfy(p -> {
                assertThat(p.serial()).startsWith("QA1-");
                assertThat(p.deviceSecret()).startsWith("secret-");
                assertThat(p.enrollmentId()).startsWith("enr-");
            });
            assertThat(fleet.printers().stream().map(p -> p.accountId()).distinct()).hasSize(3);
            assertThat(dispatcher.enrolledSerials).hasSize(7);
            assertThat(text.toString()).contains("Provisioned 7 printers");
        }
    }
}
