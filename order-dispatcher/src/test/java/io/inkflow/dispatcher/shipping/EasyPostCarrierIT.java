package io.inkflow.dispatcher.shipping;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.inkflow.dispatcher.TestTls;
import io.inkflow.dispatcher.payment.ProviderUnavailableException;
import io.inkflow.dispatcher.shipping.Carrier.ShipmentOutcome;
import io.inkflow.dispatcher.shipping.Carrier.ShipmentRequest;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.ModelCatalog;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The EasyPost carrier against a real HTTPS server (the EasyPost client speaks HTTPS only) serving the
 * request and response shapes of EasyPost's API reference.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EasyPostCarrierIT {
    private static final String KEY = "inkflow-ship-3f1c2d9e-8a7b-4c6d-9e0f-1a2b3c4d5e6f";
    private static final Address ADA = new Address("Ada Lovelace", "12 Analytical Way", null, "London", null, "N1 7AA",
            "GB");
    private static final ShipmentRequest REQUEST = new ShipmentRequest(KEY, "3f1c2d9e-8a7b-4c6d-9e0f-1a2b3c4d5e6f",
            "PGI-280 PGBK", ADA);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    static Path dir;
    static WireMockServer easypost;
    static SSLSocketFactory previousFactory;
    private EasyPostCarrier carrier;

    @BeforeAll
    static void start() {
        Path keystore = TestTls.keystore(dir);
        easypost = new WireMockServer(WireMockConfiguration.options().httpDisabled(true).dynamicHttpsPort()
                .bindAddress("127.0.0.1").keystorePath(keystore.toString()).keystoreType("PKCS12")
                .keystorePassword(TestTls.PASSWORD).keyManagerPassword(TestTls.PASSWORD));
        easypost.start();
        // the EasyPost client opens its connections through the JVM's default HTTPS socket factory
        previousFactory = HttpsURLConnection.getDefaultSSLSocketFactory();
        HttpsURLConnection.setDefaultSSLSocketFactory(TestTls.trusting(keystore).getSocketFactory());
    }

    @AfterAll
    static void stop() {
        HttpsURLConnection.setDefaultSSLSocketFactory(previousFactory);
        if (easypost != null) {
            easypost.stop();
        }
    }

    @BeforeEach
    void reset() {
        easypost.resetAll();
        carrier = new EasyPostCarrier(new EasyPostSettings("EZTKinkflowtest", URI.create("https://127.0.0.1:"
                + easypost.httpsPort()), "adr_warehouse", List.of("USPS"), List.of(), Duration.ofSeconds(1)),
                ModelCatalog.bundled(), CLOCK);
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static String rate(String id, String carrier, String service, String price, int days) {
        return """
                {"id": "%s", "object": "Rate", "mode": "test", "carrier": "%s", "service": "%s", "rate": "%s",
                 "currency": "USD", "retail_rate": null, "list_rate": "%s", "delivery_days": %d,
                 "delivery_date": null, "delivery_date_guaranteed": false, "est_delivery_days": %d,
                 "shipment_id": "shp_1", "carrier_account_id": "ca_1"}""".formatted(id, carrier, service, price, price,
                days, days);
    }

    /** A Shipment; {@code bought} adds the label, the tracker and the selected rate. */
    private static String shipment(boolean bought) {
        String rates = "[" + rate("rate_ground", "USPS", "GroundAdvantage", "5.93", 4) + ","
                + rate("rate_priority", "USPS", "Priority", "9.41", 2) + ","
                + rate("rate_ups", "UPS", "Ground", "4.10", 5) + "]";
        return """
                {"id": "shp_1", "object": "Shipment", "mode": "test", "reference": "%s", "status": "unknown",
                 "to_address": {"id": "adr_to", "object": "Address", "name": "Ada Lovelace"},
                 "from_address": {"id": "adr_warehouse", "object": "Address"},
                 "parcel": {"id": "prcl_1", "object": "Parcel", "length": 5.0, "width": 3.4, "height": 1.2,
                            "weight": 2.7},
                 "rates": %s, "messages": [], "options": {},
                 "tracking_code": %s, "selected_rate": %s, "postage_label": %s, "tracker": %s,
                 "created_at": "2026-12-01T10:00:00Z", "updated_at": "2026-12-01T10:00:01Z"}"""
                .formatted(KEY, rates, bought ? "\"9400100208271114273555\"" : "null",
                        bought ? rate("rate_ground", "USPS", "GroundAdvantage", "5.93", 4) : "null",
                        bought ? "{\"object\": \"PostageLabel\", \"label_url\": \"https://easypost-files.s3.amazonaws.com/label.png\"}" : "null",
                        bought ? "{\"id\": \"trk_1\", \"object\": \"Tracker\", \"tracking_code\": \"9400100208271114273555\","
                                + " \"status\": \"pre_transit\", \"carrier\": \"USPS\"}" : "null");
    }

    private static String error(String code, String message, String fieldErrors) {
        return "{\"error\": {\"code\": \"" + code + "\", \"message\": \"" + message + "\", \"errors\": [" + fieldErrors
                + "]}}";
    }

    private void notFoundByReference() {
        easypost.stubFor(get(urlPathEqualTo("/v2/shipments/" + KEY)).willReturn(json(404,
                error("NOT_FOUND", "The requested resource could not be found.", ""))));
    }

    private JsonNode body(String path) throws Exception {
        return Json.mapper().readTree(easypost.findAll(postRequestedFor(urlPathEqualTo(path))).getFirst()
                .getBodyAsString());
    }

    @Test
    void buysTheCheapestAllowedRateForTheSkusParcelWithTheOrderAsReference() throws Exception {
        notFoundByReference();
        easypost.stubFor(post(urlPathEqualTo("/v2/addresses")).willReturn(json(200,
                "{\"id\": \"adr_to\", \"object\": \"Address\", \"name\": \"Ada Lovelace\", \"street1\": \"12 Analytical Way\"}")));
        easypost.stubFor(post(urlPathEqualTo("/v2/shipments")).willReturn(json(201, shipment(false))));
        easypost.stubFor(post(urlPathEqualTo("/v2/shipments/shp_1/buy"))
                .withRequestBody(matchingJsonPath("$.rate.id", equalTo("rate_ground")))
                .willReturn(json(200, shipment(true))));

        ShipmentOutcome outcome = carrier.ship(REQUEST);

        // USPS only (the cheaper UPS rate is not allowed); 4 business days from Tuesday 1 December
        assertThat(outcome).isEqualTo(new ShipmentOutcome.Shipped("9400100208271114273555", "USPS",
                LocalDate.parse("2026-12-07")));
        JsonNode address = body("/v2/addresses");
        assertThat(address.at("/verify_strict").asBoolean()).isTrue();
        assertThat(address.at("/address/street1").asText()).isEqualTo("12 Analytical Way");
        assertThat(address.at("/address/zip").asText()).isEqualTo("N1 7AA");
        assertThat(address.at("/address/country").asText()).isEqualTo("GB");
        JsonNode shipment = body("/v2/shipments");
        assertThat(shipment.at("/shipment/reference").asText()).isEqualTo(KEY);
        assertThat(shipment.at("/shipment/to_address/id").asText()).isEqualTo("adr_to");
        assertThat(shipment.at("/shipment/from_address/id").asText()).isEqualTo("adr_warehouse");
        // PGI-280 PGBK: 75 g, 125 x 85 x 30 mm, in ounces and inches rounded up
        assertThat(shipment.at("/shipment/parcel/weight").asDouble()).isEqualTo(2.7);
        assertThat(shipment.at("/shipment/parcel/length").asDouble()).isEqualTo(5.0);
        assertThat(shipment.at("/shipment/parcel/width").asDouble()).isEqualTo(3.4);
        assertThat(shipment.at("/shipment/parcel/height").asDouble()).isEqualTo(1.2);
        assertThat(easypost.findAll(postRequestedFor(urlPathEqualTo("/v2/shipments/shp_1/buy")))).hasSize(1);
    }

    @Test
    void aGroupsItemsGoInOneParcelStackedFromTheirCatalogParcels() throws Exception {
        notFoundByReference();
        easypost.stubFor(post(urlPathEqualTo("/v2/addresses")).willReturn(json(200,
                "{\"id\": \"adr_to\", \"object\": \"Address\", \"name\": \"Ada Lovelace\"}")));
        easypost.stubFor(post(urlPathEqualTo("/v2/shipments")).willReturn(json(201, shipment(false))));
        easypost.stubFor(post(urlPathEqualTo("/v2/shipments/shp_1/buy")).willReturn(json(200, shipment(true))));
        String group = "b7e4a1c2-5d6f-4a8b-9c0d-e1f2a3b4c5d6";
        ShipmentRequest twoItems = new ShipmentRequest(KEY, group, List.of(
                new Carrier.Item("3f1c2d9e-8a7b-4c6d-9e0f-1a2b3c4d5e6f", "PGI-280 PGBK"),
                new Carrier.Item("0c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f", "CLI-281 C")), ADA);

        assertThat(carrier.ship(twoItems)).isInstanceOf(ShipmentOutcome.Shipped.class);

        JsonNode shipment = body("/v2/shipments");
        assertThat(easypost.findAll(postRequestedFor(urlPathEqualTo("/v2/shipments")))).hasSize(1);
        assertThat(shipment.at("/shipment/reference").asText()).isEqualTo(KEY);
        assertThat(shipment.at("/shipment/options/print_custom_1").asText()).isEqualTo(group);
        // PGI-280 PGBK (75 g, 125 x 85 x 30 mm) on CLI-281 C (50 g, 125 x 85 x 25 mm): 125 g, 125 x 85 x 55 mm
        assertThat(shipment.at("/shipment/parcel/weight").asDouble()).isEqualTo(4.5);
        assertThat(shipment.at("/shipment/parcel/length").asDouble()).isEqualTo(5.0);
        assertThat(shipment.at("/shipment/parcel/width").asDouble()).isEqualTo(3.4);
        assertThat(shipment.at("/shipment/parcel/height").asDouble()).isEqualTo(2.2);
    }

    @Test
    void aSkuMissingFromTheCatalogIsRefusedBeforeAnyCall() {
        ShipmentRequest unknown = new ShipmentRequest(KEY, "b7e4a1c2-5d6f-4a8b-9c0d-e1f2a3b4c5d6", List.of(
                new Carrier.Item("3f1c2d9e-8a7b-4c6d-9e0f-1a2b3c4d5e6f", "PGI-280 PGBK"),
                new Carrier.Item("0c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f", "NOT-A-SKU")), ADA);

        assertThatThrownBy(() -> carrier.ship(unknown)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("NOT-A-SKU");
        assertThat(easypost.getAllServeEvents()).isEmpty();
    }

    @Test
    void anAddressTheCarrierRefusesIsRejectedWithItsReasonAndNothingIsBought() throws Exception {
        notFoundByReference();
        easypost.stubFor(post(urlPathEqualTo("/v2/addresses")).willReturn(json(422, error("ADDRESS.VERIFY.FAILURE",
                "Unable to verify address.", "{\"field\": \"address\", \"message\": \"Address not found\","
                        + " \"suggestion\": null}, {\"field\": \"street1\", \"message\": \"House number is missing\","
                        + " \"suggestion\": null}"))));

        ShipmentOutcome outcome = carrier.ship(REQUEST);

        assertThat(outcome).isInstanceOfSatisfying(ShipmentOutcome.AddressRejected.class, rejected -> assertThat(
                rejected.reason()).contains("Unable to verify address", "Address not found", "House number is missing"));
        assertThat(easypost.findAll(postRequestedFor(urlPathMatching("/v2/shipments.*")))).isEmpty();
    }

    @Test
    void aRetryAfterALostAnswerFindsTheLabelByReferenceInsteadOfBuyingASecond() throws Exception {
        easypost.stubFor(get(urlPathEqualTo("/v2/shipments/" + KEY)).willReturn(json(200, shipment(true))));

        ShipmentOutcome.Shipped expected = new ShipmentOutcome.Shipped("9400100208271114273555", "USPS",
                LocalDate.parse("2026-12-07"));
        assertThat(carrier.lookup(KEY)).contains(expected);
        assertThat(carrier.ship(REQUEST)).isEqualTo(expected);
        assertThat(easypost.findAll(postRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void aShipmentCreatedWithoutALabelIsBoughtNotCreatedAgain() throws Exception {
        easypost.stubFor(get(urlPathEqualTo("/v2/shipments/" + KEY)).willReturn(json(200, shipment(false))));
        easypost.stubFor(post(urlPathEqualTo("/v2/shipments/shp_1/buy")).willReturn(json(200, shipment(true))));

        assertThat(carrier.lookup(KEY)).isEmpty();
        assertThat(carrier.ship(REQUEST)).isInstanceOf(ShipmentOutcome.Shipped.class);
        assertThat(easypost.findAll(postRequestedFor(urlPathEqualTo("/v2/shipments")))).isEmpty();
        assertThat(easypost.findAll(postRequestedFor(urlPathEqualTo("/v2/addresses")))).isEmpty();
        assertThat(easypost.findAll(postRequestedFor(urlPathEqualTo("/v2/shipments/shp_1/buy")))).hasSize(1);
    }

    @Test
    void timeoutsServerErrorsAndRateLimitsAreUnknownOutcomes() {
        easypost.stubFor(get(urlPathEqualTo("/v2/shipments/" + KEY)).willReturn(json(200, shipment(true))
                .withFixedDelay(3_000)));
        assertThatThrownBy(() -> carrier.ship(REQUEST)).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("no answer");

        easypost.stubFor(get(urlPathEqualTo("/v2/shipments/" + KEY)).willReturn(json(500,
                error("INTERNAL_SERVER_ERROR", "Something went wrong.", ""))));
        assertThatThrownBy(() -> carrier.lookup(KEY)).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("HTTP 500");

        easypost.stubFor(get(urlPathEqualTo("/v2/shipments/" + KEY)).willReturn(json(429,
                error("RATE_LIMITED", "You have exceeded the rate limit.", "")).withHeader("Retry-After", "3")));
        assertThatThrownBy(() -> carrier.ship(REQUEST)).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("HTTP 429");
    }
}
