package io.inkflow.simulator.fleet;

import io.inkflow.schemas.Channel;
import java.util.Objects;

/**
 * One provisioned printer as stored in a fleet file: who owns it and how it authenticates.
 *
 * @param serial       printer serial, also its MQTT client id and username
 * @param model        catalog model id
 * @param channel      CANON or AMAZON
 * @param accountId    owning account in the dispatcher
 * @param accountToken the account's API token (lets QA look at the customer's view)
 * @param enrollmentId from the enrollment response; part of every derived order id
 * @param deviceSecret the MQTT password, returned once at enrollment
 */
public record FleetPrinter(String serial, String model, Channel channel, String accountId, String accountToken,
                           String enrollmentId, String deviceSecret) {
    public FleetPrinter {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(enrollmentId, "enrollmentId");
        Objects.requireNonNull(deviceSecret, "deviceSecret");
    }
}
