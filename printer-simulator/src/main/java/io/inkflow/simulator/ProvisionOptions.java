package io.inkflow.simulator;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link FleetProvisioner#provision(ProvisionOptions)} enrolls.
 *
 * @param apiBaseUrl         dispatcher base URL, for example {@code http://127.0.0.1:8080}
 * @param adminToken         the dispatcher's {@code DISPATCHER_ADMIN_TOKEN}
 * @param printers           how many printers to enroll
 * @param seed               fleet seed: models, channels and every printer's usage derive from it
 * @param serialPrefix       serials are {@code <prefix>-<6 digits>}; use a fresh prefix per
 *                           provisioning against the same database
 * @param printersPerAccount printers owned by each created account
 * @param modelWeights       relative weight per catalog model id; empty means every eligible model alike
 * @param amazonShare        share of printers on the AMAZON channel (0..1)
 * @param concurrency        parallel API calls (enrollment hashes a secret, so it is CPU-bound server side)
 */
public record ProvisionOptions(URI apiBaseUrl, String adminToken, int printers, long seed, String serialPrefix,
                               int printersPerAccount, Map<String, Double> modelWeights, double amazonShare,
                               int concurrency) {
    public ProvisionOptions {
        Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
        Objects.requireNonNull(adminToken, "adminToken");
        Objects.requireNonNull(serialPrefix, "serialPrefix");
        modelWeights = Map.copyOf(modelWeights);
        if (printers < 1) {
            throw new IllegalArgumentException("printers must be at least 1");
        }
        if (!serialPrefix.matches("[A-Za-z0-9][A-Za-z0-9-]{1,30}")) {
            throw new IllegalArgumentException("serialPrefix must be 2..31 letters, digits or '-', was " + serialPrefix);
        }
        if (printersPerAccount < 1) {
            throw new IllegalArgumentException("printersPerAccount must be at least 1");
        }
        if (amazonShare < 0 || amazonShare > 1) {
            throw new IllegalArgumentException("amazonShare must be within 0..1");
        }
        if (concurrency < 1 || concurrency > 256) {
            throw new IllegalArgumentException("concurrency must be 1..256");
        }
    }

    /** Sensible defaults for the local stack: one printer per account, 20% Amazon, all models. */
    public static ProvisionOptions of(URI apiBaseUrl, String adminToken, int printers, long seed) {
        return new ProvisionOptions(apiBaseUrl, adminToken, printers, seed, defaultPrefix(seed), 1, Map.of(), 0.2, 8);
    }

    public static String defaultPrefix(long seed) {
        return "SIM" + Long.toString(Math.abs(seed % 1_679_616), 36).toUpperCase();
    }

    public ProvisionOptions withSerialPrefix(String prefix) {
        return new ProvisionOptions(apiBaseUrl, adminToken, printers, seed, prefix, printersPerAccount, modelWeights,
                amazonShare, concurrency);
    }
}
