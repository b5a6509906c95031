package io.inkflow.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.inkflow.schemas.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

/** A small client of the dispatcher's HTTP API for end-to-end tests. */
final class StackClient {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String adminToken;

    StackClient(int httpPort, String adminToken) {
        this.baseUrl = "http://127.0.0.1:" + httpPort + "/api/v1";
        this.adminToken = adminToken;
    }

    record Enrolled(String accountId, String serial, String enrollmentId, String deviceSecret) {
    }

    Enrolled enroll(String serial, String model, String channel) throws IOException, InterruptedException {
        JsonNode account = post("/accounts", Map.of(
                "email", serial.toLowerCase() + "@example.com",
                "name", "Customer of " + serial,
                "shippingAddress", Map.of("name", "Ada Lovelace", "line1", "1 Canon Way", "city", "Melville",
                        "region", "NY", "postalCode", "11747", "country", "US"),
                "paymentMethod", Map.of("providerToken", "tok_visa_" + serial, "brand", "visa", "last4", "4242")));
        String accountId = account.get("accountId").asText();
        JsonNode printer = post("/accounts/" + accountId + "/printers",
                Map.of("serial", serial, "model", model, "channel", channel));
        return new Enrolled(accountId, serial, printer.get("enrollmentId").asText(),
                printer.get("deviceSecret").asText());
    }

    private JsonNode post(String path, Object body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return Json.mapper().readTree(response.body());
    }
}
