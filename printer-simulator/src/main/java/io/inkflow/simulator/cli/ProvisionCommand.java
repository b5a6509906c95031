package io.inkflow.simulator.cli;

import io.inkflow.schemas.ModelCatalog;
import io.inkflow.simulator.FleetProvisioner;
import io.inkflow.simulator.ProvisionOptions;
import io.inkflow.simulator.fleet.Fleet;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "provision", mixinStandardHelpOptions = true,
        description = "Create accounts and enroll N printers through the dispatcher API; save the fleet file "
                + "(it holds device secrets).")
public final class ProvisionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Option(names = {"-n", "--printers"}, required = true, description = "Printers to enroll.")
    int printers;

    @Option(names = "--seed", defaultValue = "${env:SIMULATOR_SEED:-1}", description = "Fleet seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--prefix", description = "Serial prefix; serials are <prefix>-000000... (default: derived from the seed). "
            + "Use a new prefix for each provisioning against the same database.")
    String prefix;

    @Option(names = "--per-account", defaultValue = "1", description = "Printers per account (default ${DEFAULT-VALUE}).")
    int perAccount;

    @Option(names = "--amazon-share", defaultValue = "0.2", description = "Share of printers on the AMAZON channel (default ${DEFAULT-VALUE}).")
    double amazonShare;

    @Option(names = "--models", split = ",", description = "Model mix as model=weight, comma separated "
            + "(for example pixma-ts8320=3,imageclass-mf445dw=1). Default: every eligible model alike.")
    Map<String, Double> models = new LinkedHashMap<>();

    @Option(names = "--concurrency", defaultValue = "8", description = "Parallel API calls (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = {"-o", "--out"}, defaultValue = "fleet.json", description = "Fleet file to write (default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        ProvisionOptions options = new ProvisionOptions(api.api, requireToken(), printers, seed,
                prefix != null ? prefix : ProvisionOptions.defaultPrefix(seed), perAccount, models, amazonShare,
                concurrency);
        Fleet fleet = new FleetProvisioner(api.client(), ModelCatalog.bundled(), Clock.systemUTC()).run(options);
        fleet.save(out);
        spec.commandLine().getOut().printf("Provisioned %d printers (prefix %s, seed %d) into %s%n",
                fleet.size(), options.serialPrefix(), seed, out.toAbsolutePath());
        return 0;
    }

    private String requireToken() {
        api.client();
        return api.adminToken;
    }
}
