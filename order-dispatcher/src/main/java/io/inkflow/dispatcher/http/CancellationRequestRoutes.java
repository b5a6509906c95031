package io.inkflow.dispatcher.http;

import io.inkflow.dispatcher.fulfilment.OrderCommands;
import io.inkflow.dispatcher.portal.orders.CancellationRequests;
import io.inkflow.dispatcher.portal.orders.CancellationRequests.Request;
import io.inkflow.schemas.OrderState;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Customers' requests to cancel a backordered order, for the fulfilment team (and their dashboard): list them,
 * and decide. APPROVE cancels the order with the order side's command and closes the request; DECLINE closes it
 * and the order ships when stock arrives.
 */
final class CancellationRequestRoutes {
    private static final Set<String> STATUSES = Set.of("OPEN", "APPROVED", "DECLINED");
    private static final Pattern DECISION = Pattern.compile("APPROVE|DECLINE");

    private final CancellationRequests requests;
    private final OrderCommands commands;

    CancellationRequestRoutes(CancellationRequests requests, OrderCommands commands) {
        this.requests = requests;
        this.commands = commands;
    }

    /** The requests of one page. */
    record RequestList(List<Request> requests) {
    }

    void register(Endpoints endpoints) {
        endpoints.get("/api/v1/cancellation-requests", Access.fulfilmentOrAdmin(), this::list);
        endpoints.post("/api/v1/cancellation-requests/{requestId}/decision", Access.fulfilmentOrAdmin(), this::decide);
    }

    private ApiResponse list(ApiRequest request, Connection c) throws SQLException {
        String status = request.query("status");
        if (status != null && !STATUSES.contains(status.toUpperCase(Locale.ROOT))) {
            throw ApiProblem.invalid(List.of(new ApiProblem.FieldError("status", "must be one of " + STATUSES)));
        }
        int limit = request.queryInt("limit", 200, 1, 1000);
        return ApiResponse.ok(new RequestList(requests.list(c, status == null ? null : status.toUpperCase(Locale.ROOT),
                limit)));
    }

    /** The decision, the cancellation and the stored response commit together (one transaction). */
    private ApiResponse decide(ApiRequest request, Connection c) throws SQLException {
        String requestId = request.id("requestId", "cancellation request");
        JsonInput in = request.json();
        in.allowOnly("decision", "note");
        String decision = in.matching("decision", true, DECISION, "APPROVE or DECLINE");
        String note = in.multilineText("note", false, 500);
        in.validate();
        Request open = requests.find(c, requestId)
                .orElseThrow(() -> ApiProblem.notFound("No cancellation request " + requestId));
        if (!"OPEN".equals(open.status())) {
            throw ApiProblem.conflict("request-decided", "Cancellation request " + requestId + " is already "
                    + open.status());
        }
        if ("APPROVE".equals(decision)) {
            cancelOrder(c, open);
        }
        String status = "APPROVE".equals(decision) ? "APPROVED" : "DECLINED";
        if (!requests.decide(c, requestId, status, request.principal().id(), note, request.now())) {
            throw ApiProblem.conflict("request-decided", "Cancellation request " + requestId + " was decided meanwhile");
        }
        return ApiResponse.ok(requests.find(c, requestId).orElseThrow());
    }

    /** An order cancelled already (a retried approval) counts as done; one that has moved on cannot be. */
    private void cancelOrder(Connection c, Request open) throws SQLException {
        switch (commands.cancelOrder(c, open.orderId(), "cancelled at the customer's request")) {
            case OrderCommands.CancelResult.Cancelled cancelled -> {
            }
            case OrderCommands.CancelResult.NotFound missing -> throw ApiProblem.notFound("No order " + open.orderId());
            case OrderCommands.CancelResult.NotCancellable refused -> {
                if (refused.state() != OrderState.CANCELLED) {
                    throw new ApiProblem(409, "order-not-cancellable", "Order not cancellable", "Order "
                            + open.orderId() + " is " + refused.state() + "; decline the request instead", List.of(),
                            Map.of("state", refused.state().name()));
                }
            }
        }
    }
}
