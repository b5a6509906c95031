package io.inkflow.dispatcher.portal.products;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.inkflow.schemas.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Canon Professional Services programme as data ({@code catalog/product-points.json}): the products that
 * can be registered with the points each earns, the points that bring an invitation, and the membership
 * tiers with the points each needs (corporate tiers need more than 2,500).
 */
public final class ProductPoints {
    public static final String RESOURCE = "catalog/product-points.json";

    private final Table table;

    /** A registrable product and the points it earns. */
    public record Product(String model, String category, int points) {
    }

    /** A membership tier, open from {@code minPoints}. */
    public record Tier(String name, int minPoints, boolean corporate, String benefits) {
        public boolean openAt(int balance) {
            return balance >= minPoints;
        }
    }

    /** The JSON document. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Table(int invitationPoints, List<Tier> tiers, List<Product> products) {
        Table {
            tiers = List.copyOf(tiers);
            products = List.copyOf(products);
            if (products.stream().map(p -> p.model().toLowerCase(Locale.ROOT)).distinct().count() != products.size()) {
                throw new IllegalArgumentException("a product is listed twice in " + RESOURCE);
            }
        }
    }

    ProductPoints(Table table) {
        this.table = table;
    }

    public static ProductPoints bundled() {
        try (InputStream in = ProductPoints.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + RESOURCE);
            }
            return new ProductPoints(Json.mapper().readValue(in, Table.class));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    public List<Product> products() {
        return table.products();
    }

    public List<Tier> tiers() {
        return table.tiers();
    }

    public int invitationPoints() {
        return table.invitationPoints();
    }

    /** The product with this model name, whatever its case and spacing. */
    public Optional<Product> find(String model) {
        String wanted = model.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        return table.products().stream().filter(p -> p.model().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }

    /** Invited to join from the invitation threshold on. */
    public boolean invited(int balance) {
        return balance >= table.invitationPoints();
    }
}
