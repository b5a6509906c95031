package io.inkflow.simulator.cli;

import io.inkflow.simulator.api.DispatcherClient;
import java.net.URI;
import picocli.CommandLine.Option;

/** Where the dispatcher's HTTP API is and the token to call it with. */
public final class ApiOptions {
    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec mixee;

    @Option(names = "--api", defaultValue = "${env:SIMULATOR_API_URL:-http://127.0.0.1:8080}",
            description = "Dispatcher base URL (env SIMULATOR_API_URL; default ${DEFAULT-VALUE}).")
    URI api;

    @Option(names = "--admin-token", defaultValue = "${env:SIMULATOR_ADMIN_TOKEN}",
            description = "Dispatcher admin token, its DISPATCHER_ADMIN_TOKEN (env SIMULATOR_ADMIN_TOKEN).")
    String adminToken;

    public DispatcherClient client() {
        if (adminToken == null || adminToken.isBlank()) {
            throw new picocli.CommandLine.ParameterException(mixee.commandLine(),
                    "--admin-token (or SIMULATOR_ADMIN_TOKEN) is required");
        }
        return DispatcherClient.create(api, adminToken);
    }
}
