package io.inkflow.simulator;

import io.inkflow.schemas.ModelCatalog;
import io.inkflow.simulator.api.ApiModels;
import io.inkflow.simulator.api.DispatcherClient;
import io.inkflow.simulator.fleet.Fleet;
import io.inkflow.simulator.fleet.FleetPlan;
import io.inkflow.simulator.fleet.FleetPrinter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates accounts and enrolls printers through the dispatcher API and returns the fleet with each
 * printer's device secret. Idempotency keys derive from the serial prefix, so re-running the same
 * provisioning after a failure returns the same accounts and enrollments instead of new ones
 * (for as long as the dispatcher keeps its idempotency records).
 */
public final class FleetProvisioner {
    private static final Logger log = LoggerFactory.getLogger(FleetProvisioner.class);

    private final DispatcherClient admin;
    private final ModelCatalog catalog;
    private final Clock clock;

    public FleetProvisioner(DispatcherClient admin, ModelCatalog catalog, Clock clock) {
        this.admin = admin;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Provisions with the bundled catalog and a fresh HTTP client. */
    public static Fleet provision(ProvisionOptions options) {
        DispatcherClient client = DispatcherClient.create(options.apiBaseUrl(), options.adminToken());
        return new FleetProvisioner(client, ModelCatalog.bundled(), Clock.systemUTC()).run(options);
    }

    public Fleet run(ProvisionOptions options) {
        List<FleetPlan.PlannedPrinter> plan = FleetPlan.plan(catalog, options.seed(), options.printers(),
                options.serialPrefix(), options.modelWeights(), options.amazonShare());
        int accounts = (plan.size() + options.printersPerAccount() - 1) / options.printersPerAccount();
        log.info("Provisioning fleet [printers={}, accounts={}, prefix={}, api={}]",
                plan.size(), accounts, options.serialPrefix(), options.apiBaseUrl());
        try (ExecutorService pool = Executors.newFixedThreadPool(options.concurrency())) {
            List<Future<List<FleetPrinter>>> work = new ArrayList<>(accounts);
            for (int a = 0; a < accounts; a++) {
                int from = a * options.printersPerAccount();
                List<FleetPlan.PlannedPrinter> owned = plan.subList(from,
                        Math.min(plan.size(), from + options.printersPerAccount()));
                int accountNo = a;
                work.add(pool.submit(() -> enrollAccount(options.serialPrefix(), accountNo, owned)));
            }
            List<FleetPrinter> printers = new ArrayList<>(plan.size());
            for (Future<List<FleetPrinter>> future : work) {
                printers.addAll(future.get());
            }
            log.info("Fleet provisioned [printers={}]", printers.size());
            return new Fleet(options.seed(), options.apiBaseUrl().toString(), clock.instant(), printers);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("Provisioning failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Provisioning interrupted", e);
        }
    }

    private List<FleetPrinter> enrollAccount(String prefix, int accountNo, List<FleetPlan.PlannedPrinter> owned) {
        String ref = prefix.toLowerCase() + "-" + accountNo;
        ApiModels.Address address = new ApiModels.Address("Sim Customer " + accountNo, (100 + accountNo % 900)
                + " Simulation Way", null, "Melville", "NY", "11747", "US");
        ApiModels.PaymentMethod card = new ApiModels.PaymentMethod("tok_sim_" + ref, "VISA", "4242");
        ApiModels.AccountCreated account = admin.createAccount(
                new ApiModels.NewAccount("sim+" + ref + "@example.com", "Sim Customer " + accountNo, address, card),
                "sim-account-" + ref);
        List<FleetPrinter> printers = new ArrayList<>(owned.size());
        for (FleetPlan.PlannedPrinter planned : owned) {
            ApiModels.EnrolledPrinter enrolled = admin.enrollPrinter(account.accountId(),
                    new ApiModels.EnrollPrinter(planned.serial(), planned.model(), planned.channel()),
                    "sim-enroll-" + planned.serial());
            if (enrolled.deviceSecret() == null || enrolled.enrollmentId() == null) {
                throw new IllegalStateException("Enrollment of " + planned.serial()
                        + " returned no device secret or enrollment id (was it replayed after the secret was shown?)");
            }
            printers.add(new FleetPrinter(planned.serial(), planned.model(), planned.channel(), account.accountId(),
                    account.apiToken(), enrolled.enrollmentId(), enrolled.deviceSecret()));
        }
        return printers;
    }
}
