package io.inkflow.dispatcher.portal.view;

import java.time.Instant;
import java.util.List;

/**
 * One of the customer's printers as the overview and its own page show it.
 *
 * @param enrollmentId   the current registration of the serial
 * @param planStatus     ACTIVE or CANCELLED (the enrollment's status)
 * @param activated      its first report under this registration has arrived
 * @param lastReportAt   when it last reported under this registration, null before the first report
 * @param quietNoticedAt when the owner was mailed that it went quiet (its plan is active and it has not reported
 *                       for {@code DISPATCHER_QUIET_PRINTER_DAYS}, marked by {@code quiet.QuietPrinterSweep});
 *                       null while it is not quiet
 * @param supplies       the last reported levels, empty before the first report
 * @param lastOrder      its newest order, null when none
 */
public record PrinterView(String serial, String enrollmentId, String model, String modelName, String channel,
                          String planStatus, boolean activated, Instant lastReportAt, Instant quietNoticedAt,
                          List<Supply> supplies, OrderLine lastOrder) {

    /** One cartridge slot: its last reported level against the model's threshold for it. */
    public record Supply(String slot, String colour, String sku, int level, int threshold, boolean genuine) {
        public boolean low() {
            return level <= threshold;
        }
    }

    /** It went quiet and its owner was told; the next report clears it. */
    public boolean quiet() {
        return quietNoticedAt != null;
    }

    public boolean cancelled() {
        return "CANCELLED".equals(planStatus);
    }

    public boolean amazon() {
        return "AMAZON".equals(channel);
    }

    /** What the customer reads about the plan. */
    public String statusText() {
        if (cancelled()) {
            return "Auto Replenishment cancelled";
        }
        return activated ? "In Auto Replenishment" : "Waiting for activation";
    }

    public String statusClass() {
        return cancelled() ? "bad" : activated ? "ok" : "warn";
    }

    public String channelText() {
        return amazon() ? "Amazon" : "Canon";
    }
}
