package io.inkflow.dispatcher.portal.products;

import io.inkflow.dispatcher.account.Ids;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Registered Canon products and the points they earned; a product (model and serial) is registered once. */
public final class ProductRegistrations {

    /** A product as registered. */
    public record Registered(String model, String serial, LocalDate purchasedOn, String country, String dealer,
                             int points) {
    }

    /** What the customer entered. */
    public record NewRegistration(ProductPoints.Product product, String serial, LocalDate purchasedOn, String country,
                                  String dealer) {
    }

    /** False when the product (model and serial) is registered already, by anyone. */
    public boolean register(Connection c, String accountId, NewRegistration r, Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO product_registrations (registration_id, account_id, product_model, serial, purchased_on,
                    purchase_country, dealer, points, registered_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (product_model, serial) DO NOTHING""")) {
            insert.setString(1, Ids.random("reg"));
            insert.setString(2, accountId);
            insert.setString(3, r.product().model());
            insert.setString(4, r.serial());
            insert.setDate(5, Date.valueOf(r.purchasedOn()));
            insert.setString(6, r.country());
            insert.setString(7, r.dealer());
            insert.setInt(8, r.product().points());
            insert.setTimestamp(9, Timestamp.from(now));
            return insert.executeUpdate() == 1;
        }
    }

    public List<Registered> list(Connection c, String accountId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("""
                SELECT product_model, serial, purchased_on, purchase_country, dealer, points FROM product_registrations
                WHERE account_id = ? ORDER BY registered_at, registration_id""")) {
            select.setString(1, accountId);
            List<Registered> products = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    products.add(new Registered(rs.getString(1), rs.getString(2), rs.getDate(3).toLocalDate(),
                            rs.getString(4), rs.getString(5), rs.getInt(6)));
                }
            }
            return products;
        }
    }

    /** The account's points: the sum over its registered products. */
    public static int balance(List<Registered> products) {
        return products.stream().mapToInt(Registered::points).sum();
    }
}
