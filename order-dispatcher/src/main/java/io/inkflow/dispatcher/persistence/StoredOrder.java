package io.inkflow.dispatcher.persistence;

import io.inkflow.dispatcher.order.ParkReason;
import io.inkflow.schemas.Channel;
import io.inkflow.schemas.OrderState;
import io.inkflow.schemas.Series;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The columns of an order row the fulfilment steps and the commands need.
 *
 * @param groupId the order group it ships with (one charge, one parcel), null when it ships alone
 */
public record StoredOrder(String orderId, String serial, String model, Series series, String enrollmentId,
                          String accountId, Channel channel, String slot, String sku, String colour, OrderState state,
                          boolean stockReserved, int paymentAttempt, Integer promotionPercent, Long amountCents,
                          String trackingNumber, Instant createdAt, String leaseOwner, ParkReason parkReason,
                          String groupId) {

    static final String COLUMNS = "order_id, serial, model, series, enrollment_id, account_id, channel, slot, sku, colour,"
            + " state, stock_reserved, payment_attempt, promotion_percent, amount_cents, tracking_number, created_at,"
            + " lease_owner, park_reason, group_id";

    /** True while the order waits for a person. */
    public boolean parked() {
        return parkReason != null;
    }

    static StoredOrder read(ResultSet rs) throws SQLException {
        int percent = rs.getInt("promotion_percent");
        Integer promotionPercent = rs.wasNull() ? null : percent;
        long amount = rs.getLong("amount_cents");
        Long amountCents = rs.wasNull() ? null : amount;
        String series = rs.getString("series");
        String parkReason = rs.getString("park_reason");
        return new StoredOrder(rs.getString("order_id"), rs.getString("serial"), rs.getString("model"),
                series == null ? null : Series.valueOf(series), rs.getString("enrollment_id"),
                rs.getString("account_id"), Channel.valueOf(rs.getString("channel")), rs.getString("slot"),
                rs.getString("sku"), rs.getString("colour"), OrderState.valueOf(rs.getString("state")),
                rs.getBoolean("stock_reserved"), rs.getInt("payment_attempt"), promotionPercent, amountCents,
                rs.getString("tracking_number"), rs.getTimestamp("created_at").toInstant(), rs.getString("lease_owner"),
                parkReason == null ? null : ParkReason.valueOf(parkReason), rs.getString("group_id"));
    }
}
