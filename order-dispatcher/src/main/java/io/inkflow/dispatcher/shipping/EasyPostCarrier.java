package io.inkflow.dispatcher.shipping;

import com.easypost.exception.API.InvalidRequestError;
import com.easypost.exception.API.NotFoundError;
import com.easypost.exception.APIException;
import com.easypost.exception.EasyPostException;
import com.easypost.exception.General.FilteringError;
import com.easypost.model.FieldError;
import com.easypost.model.Rate;
import com.easypost.model.Shipment;
import com.easypost.service.EasyPostClient;
import io.inkflow.dispatcher.payment.ProviderUnavailableException;
import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.CatalogSlot;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.Parcel;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Labels through EasyPost. The shipment's EasyPost {@code reference} is our idempotency key
 * ({@code inkflow-ship-<orderId>}, or an order group's key), and EasyPost lets a reference stand for the id:
 * before creating anything the carrier looks the shipment up by it, so a retry after a lost answer finds the
 * shipment (and buys it if it has no label yet) instead of buying a second label. The address is verified
 * strictly first: an address EasyPost cannot deliver to is {@link ShipmentOutcome.AddressRejected}. Weight and
 * size come from the catalog parcels of the SKUs, stacked into one parcel ({@link ParcelStack}); a SKU the
 * catalog lacks is refused. The cheapest rate of the allowed carriers and services is bought.
 */
public final class EasyPostCarrier implements Carrier {
    private static final BigDecimal GRAMS_PER_OUNCE = new BigDecimal("28.349523125");
    private static final BigDecimal MM_PER_INCH = new BigDecimal("25.4");

    private final EasyPostClient client;
    private final EasyPostSettings settings;
    private final Map<String, Parcel> parcels;
    private final Clock clock;

    public EasyPostCarrier(EasyPostSettings settings, ModelCatalog catalog, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.parcels = parcels(catalog);
        int timeout = Math.toIntExact(settings.timeout().toMillis());
        try {
            this.client = new EasyPostClient(settings.apiKey(), timeout, timeout, settings.apiBase().toString());
        } catch (EasyPostException e) {
            throw new IllegalArgumentException("DISPATCHER_EASYPOST_API_KEY: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "easypost";
    }

    @Override
    public ShipmentOutcome ship(ShipmentRequest request) throws ProviderUnavailableException {
        Parcel parcel = parcel(request);
        try {
            Optional<Shipment> existing = find(request.idempotencyKey());
            if (existing.isPresent() && bought(existing.get())) {
                return shipped(existing.get());
            }
            Shipment shipment = existing.isPresent() ? existing.get()
                    : client.shipment.create(shipmentParams(request, verifiedAddress(request.shipTo()), parcel));
            Map<String, Object> rate = new HashMap<>(Map.of("rate", Map.of("id", cheapest(shipment).getId())));
            return shipped(client.shipment.buy(shipment.getId(), rate));
        } catch (InvalidRequestError e) {
            if (e.getCode() != null && e.getCode().startsWith("ADDRESS.")) {
                return new ShipmentOutcome.AddressRejected(reason(e));
            }
            throw unavailable("EasyPost refused the shipment", e);
        } catch (EasyPostException e) {
            throw unavailable("EasyPost shipment outcome unknown", e);
        }
    }

    @Override
    public Optional<ShipmentOutcome.Shipped> lookup(String idempotencyKey) throws ProviderUnavailableException {
        try {
            return find(idempotencyKey).filter(EasyPostCarrier::bought).map(this::shipped);
        } catch (EasyPostException e) {
            throw unavailable("EasyPost lookup failed", e);
        }
    }

    /** The shipment with this reference; empty when EasyPost has none. */
    private Optional<Shipment> find(String reference) throws EasyPostException {
        try {
            return Optional.of(client.shipment.retrieve(reference));
        } catch (NotFoundError e) {
            return Optional.empty();
        }
    }

    /** The catalog parcels of the request's SKUs, stacked into one ({@link ParcelStack}). */
    private Parcel parcel(ShipmentRequest request) {
        List<Parcel> boxes = new ArrayList<>();
        for (String sku : request.skus()) {
            Parcel box = parcels.get(sku);
            if (box == null) {
                throw new IllegalStateException("No parcel for SKU " + sku + " in the catalog (shipment "
                        + request.reference() + ")");
            }
            boxes.add(box);
        }
        return ParcelStack.of(boxes);
    }

    /** Creates the destination with strict verification: an undeliverable address fails with ADDRESS.*. */
    private String verifiedAddress(Address to) throws EasyPostException {
        Map<String, Object> params = new HashMap<>();
        params.put("name", to.name());
        params.put("street1", to.line1());
        if (to.line2() != null) {
            params.put("street2", to.line2());
        }
        params.put("city", to.city());
        if (to.region() != null) {
            params.put("state", to.region());
        }
        params.put("zip", to.postalCode());
        params.put("country", to.country());
        params.put("verify_strict", true);
        return client.address.create(params).getId();
    }

    private Map<String, Object> shipmentParams(ShipmentRequest request, String toAddressId, Parcel parcel) {
        Map<String, Object> params = new HashMap<>();
        params.put("reference", request.idempotencyKey());
        params.put("to_address", Map.of("id", toAddressId));
        params.put("from_address", Map.of("id", settings.fromAddressId()));
        params.put("parcel", Map.of(
                "weight", convert(parcel.weightGrams(), GRAMS_PER_OUNCE),
                "length", convert(parcel.lengthMm(), MM_PER_INCH),
                "width", convert(parcel.widthMm(), MM_PER_INCH),
                "height", convert(parcel.heightMm(), MM_PER_INCH)));
        params.put("options", Map.of("print_custom_1", request.reference()));
        return params;
    }

    private Rate cheapest(Shipment shipment) throws EasyPostException {
        try {
            // the library lower-cases the filter lists in place: give it copies; null means "any"
            return shipment.lowestRate(filter(settings.carriers()), filter(settings.services()));
        } catch (FilteringError e) {
            throw new IllegalStateException("EasyPost offers no rate of DISPATCHER_EASYPOST_CARRIERS="
                    + settings.carriers() + " and DISPATCHER_EASYPOST_SERVICES=" + settings.services()
                    + " for shipment " + shipment.getId() + " " + shipment.getMessages(), e);
        }
    }

    private ShipmentOutcome.Shipped shipped(Shipment shipment) {
        Rate rate = shipment.getSelectedRate();
        return new ShipmentOutcome.Shipped(shipment.getTrackingCode(), rate.getCarrier(), estimate(shipment, rate));
    }

    /** The rate's delivery date, else its (estimated) days in transit, else the slowest standard delivery. */
    private LocalDate estimate(Shipment shipment, Rate rate) {
        if (rate.getDeliveryDate() != null) {
            try {
                return LocalDate.parse(rate.getDeliveryDate().substring(0, 10));
            } catch (DateTimeParseException | IndexOutOfBoundsException e) {
                // fall through to the days
            }
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Number days = rate.getDeliveryDays() != null ? rate.getDeliveryDays() : rate.getEstDeliveryDays();
        return BusinessDays.add(today, days != null ? days.intValue() : BusinessDays.MAX_TRANSIT_DAYS);
    }

    private static boolean bought(Shipment shipment) {
        return shipment.getTrackingCode() != null && shipment.getSelectedRate() != null;
    }

    private static String reason(APIException e) {
        StringBuilder reason = new StringBuilder(e.getMessage() == null ? e.getCode() : e.getMessage());
        if (e.getErrors() != null) {
            for (Object detail : e.getErrors()) {
                String text = detail instanceof FieldError field ? field.getMessage()
                        : String.valueOf(detail);
                if (text != null && !reason.toString().contains(text)) {
                    reason.append("; ").append(text);
                }
            }
        }
        return reason.toString();
    }

    private static ProviderUnavailableException unavailable(String what, EasyPostException e) {
        String status = e instanceof APIException api && api.getStatusCode() != null && api.getStatusCode() > 0
                ? "HTTP " + api.getStatusCode() : "no answer";
        return new ProviderUnavailableException(what + " (" + status + "): " + e.getMessage(), e);
    }

    private static List<String> filter(List<String> values) {
        return values.isEmpty() ? null : new ArrayList<>(values);
    }

    private static double convert(int value, BigDecimal perUnit) {
        // rounded up to a tenth: a label for slightly more than the parcel is valid, one for less is not
        return BigDecimal.valueOf(value).divide(perUnit, 1, RoundingMode.CEILING).doubleValue();
    }

    private static Map<String, Parcel> parcels(ModelCatalog catalog) {
        Map<String, Parcel> parcels = new HashMap<>();
        for (CatalogEntry entry : catalog.entries()) {
            for (CatalogSlot slot : entry.slots()) {
                parcels.putIfAbsent(slot.sku(), slot.parcel());
            }
        }
        return Map.copyOf(parcels);
    }
}
