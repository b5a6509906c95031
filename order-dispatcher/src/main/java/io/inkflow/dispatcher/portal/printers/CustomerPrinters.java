package io.inkflow.dispatcher.portal.printers;

import com.fasterxml.jackson.core.type.TypeReference;
import io.inkflow.dispatcher.portal.orders.CustomerOrders;
import io.inkflow.dispatcher.portal.view.OrderLine;
import io.inkflow.dispatcher.portal.view.PrinterView;
import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.CatalogSlot;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.SupplyLevel;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The customer's current printers (enrollments not ended) with their activation, last reported levels
 * against the model's thresholds, whether they have gone quiet (marked by {@code quiet.QuietPrinterSweep}, the
 * same state the owner was mailed about), and their newest order. The JSON API's printer views read the quiet
 * state and the last report here too, so the pages and the API cannot disagree.
 */
public final class CustomerPrinters {
    private static final TypeReference<List<SupplyLevel>> SUPPLIES = new TypeReference<>() { };

    private final ModelCatalog catalog;
    private final CustomerOrders orders;

    public CustomerPrinters(ModelCatalog catalog, CustomerOrders orders) {
        this.catalog = catalog;
        this.orders = orders;
    }

    /** A current registration of the account. */
    public record Registration(String enrollmentId, String serial, String model, String channel, String status) {
    }

    public List<PrinterView> list(Connection c, String accountId) throws SQLException {
        Map<String, OrderLine> lastOrders = orders.lastPerEnrollment(c, accountId);
        try (PreparedStatement select = c.prepareStatement("""
                SELECT e.enrollment_id, e.serial, e.model, e.channel, e.status, a.enrollment_id IS NOT NULL AS activated,
                       s.reported_at, s.supplies::text AS supplies,
                       CASE WHEN e.status = 'ACTIVE' THEN s.quiet_noticed_at END AS quiet_noticed_at
                FROM enrollments e
                LEFT JOIN enrollment_activations a ON a.enrollment_id = e.enrollment_id
                LEFT JOIN printer_status s ON s.serial = e.serial AND s.enrollment_id = e.enrollment_id
                WHERE e.account_id = ? AND e.ended_at IS NULL
                ORDER BY e.enrolled_at, e.serial""")) {
            select.setString(1, accountId);
            List<PrinterView> printers = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    printers.add(view(rs, lastOrders.get(rs.getString("enrollment_id"))));
                }
            }
            return printers;
        }
    }

    public Optional<PrinterView> find(Connection c, String accountId, String serial) throws SQLException {
        return list(c, accountId).stream().filter(p -> p.serial().equals(serial)).findFirst();
    }

    /** The account's current registration of the serial; empty when it holds none (or another account does). */
    public Optional<Registration> registration(Connection c, String accountId, String serial) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("""
                SELECT enrollment_id, serial, model, channel, status FROM enrollments
                WHERE account_id = ? AND serial = ? AND ended_at IS NULL""")) {
            select.setString(1, accountId);
            select.setString(2, serial);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(new Registration(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5))) : Optional.empty();
            }
        }
    }

    private PrinterView view(ResultSet rs, OrderLine lastOrder) throws SQLException {
        String model = rs.getString("model");
        Optional<CatalogEntry> entry = catalog.find(model);
        return new PrinterView(rs.getString("serial"), rs.getString("enrollment_id"), model,
                entry.map(CatalogEntry::displayName).orElse(model), rs.getString("channel"), rs.getString("status"),
                rs.getBoolean("activated"), instant(rs, "reported_at"), instant(rs, "quiet_noticed_at"),
                supplies(rs.getString("supplies"), entry.orElse(null)), lastOrder);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }

    private static List<PrinterView.Supply> supplies(String json, CatalogEntry entry) {
        if (json == null) {
            return List.of();
        }
        List<SupplyLevel> levels;
        try {
            levels = Json.mapper().readValue(json, SUPPLIES);
        } catch (IOException e) {
            throw new IllegalStateException("Stored printer status is not readable", e);
        }
        List<PrinterView.Supply> supplies = new ArrayList<>();
        for (SupplyLevel level : levels) {
            Optional<CatalogSlot> slot = entry == null ? Optional.empty() : entry.slot(level.slot());
            supplies.add(new PrinterView.Supply(level.slot(), slot.map(CatalogSlot::colour).orElse(level.colour()),
                    slot.map(CatalogSlot::sku).orElse(level.sku()), level.remainingPercent(),
                    slot.map(CatalogSlot::lowThresholdPercent).orElse(0), level.genuine()));
        }
        return supplies;
    }
}
