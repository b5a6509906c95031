package io.inkflow.dispatcher.order;

import io.inkflow.schemas.OrderTrigger;

/**
 * Why an order was placed, in the words the customer's order page and the dashboard show: a FORECAST order
 * "ordered N days before empty" (the streams' estimate, rounded to whole days), a THRESHOLD order "ordered at
 * the threshold", a CONSOLIDATED order "ordered N days before empty, to share a parcel" (with another cartridge
 * of the printer that was due).
 */
public final class OrderReason {
    private OrderReason() {
    }

    /**
     * The phrase for a stored trigger name and forecast; empty for a trigger this version does not know (the
     * page then says nothing rather than something wrong).
     */
    public static String phrase(String trigger, Double forecastDaysToEmpty) {
        if (OrderTrigger.THRESHOLD.name().equals(trigger)) {
            return "ordered at the threshold";
        }
        if (OrderTrigger.CONSOLIDATED.name().equals(trigger)) {
            return ahead(forecastDaysToEmpty) + ", to share a parcel";
        }
        if (!OrderTrigger.FORECAST.name().equals(trigger)) {
            return "";
        }
        return ahead(forecastDaysToEmpty);
    }

    private static String ahead(Double forecastDaysToEmpty) {
        if (forecastDaysToEmpty == null) {
            return "ordered ahead of running empty";
        }
        long days = Math.round(forecastDaysToEmpty);
        if (days < 1) {
            return "ordered less than a day before empty";
        }
        return "ordered " + days + (days == 1 ? " day" : " days") + " before empty";
    }
}
