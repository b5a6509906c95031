package io.inkflow.dispatcher.http;

import io.inkflow.dispatcher.http.OrderViews.Order;
import io.inkflow.dispatcher.fulfilment.OrderCommands;
import io.inkflow.schemas.OrderState;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Orders, backorders, inventory, order flow and the local mailbox. */
final class FulfilmentRoutes {
    /** SKUs contain spaces and slashes ("PGI-280 PGBK"); the path segment is URL-encoded. */
    private static final Pattern SKU = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._/-]{0,63}");
    private static final int MAX_RESTOCK = 1_000_000;

    private final OrderQueries queries;
    private final OrderCommands commands;

    FulfilmentRoutes(OrderQueries queries, OrderCommands commands) {
        this.queries = queries;
        this.commands = commands;
    }

    void register(Endpoints endpoints) {
        endpoints.get("/api/v1/accounts/{accountId}/orders", Access.ownerAdminOrFulfilment(), this::accountOrders);
        endpoints.get("/api/v1/orders", Access.fulfilmentOrAdmin(), this::orders);
        endpoints.get("/api/v1/orders/{orderId}", Access.fulfilmentOrAdmin(), this::order);
        endpoints.post("/api/v1/orders/{orderId}/cancel", Access.fulfilmentOrAdmin(), this::cancel);
        endpoints.post("/api/v1/orders/{orderId}/release", Access.fulfilmentOrAdmin(),
                (r, c) -> action(r, commands.releaseParked(c, r.id("orderId", "order"))));
        endpoints.post("/api/v1/orders/{orderId}/retry-payment", Access.fulfilmentOrAdmin(),
                (r, c) -> action(r, commands.retryPayment(c, r.id("orderId", "order"))));
        endpoints.get("/api/v1/backorders", Access.fulfilmentOrAdmin(), this::backorders);
        endpoints.get("/api/v1/inventory", Access.fulfilmentOrAdmin(), (r, c) -> ApiResponse.ok(queries.inventory(c)));
        // The contract names ADMIN; the fulfilment team restocks too (DESIGN.md, issue 5).
        endpoints.post("/api/v1/inventory/{sku}/restock", Access.fulfilmentOrAdmin(), this::restock);
        endpoints.get("/api/v1/order-flow", Access.fulfilmentOrAdmin(),
                (r, c) -> ApiResponse.ok(queries.orderFlow(c, r.now())));
        endpoints.get("/api/v1/mailbox", new Access(EnumSet.of(Role.CUSTOMER, Role.ADMIN), false), this::mailbox);
    }

    private ApiResponse accountOrders(ApiRequest request, Connection c) throws SQLException {
        String accountId = request.id("accountId", "account");
        int limit = request.queryInt("limit", 200, 1, 1000);
        if (!accountExists(c, accountId)) {
            throw ApiProblem.notFound("No account " + accountId);
        }
        return ApiResponse.ok(queries.accountOrders(c, accountId, limit));
    }

    private ApiResponse orders(ApiRequest request, Connection c) throws SQLException {
        String serial = request.query("serial");
        String stateName = request.query("state");
        String after = request.query("after");
        int limit = request.queryInt("limit", 100, 1, 1000);
        List<ApiProblem.FieldError> errors = new java.util.ArrayList<>();
        if (serial != null && !AccountRoutes.SERIAL.matcher(serial).matches()) {
            errors.add(new ApiProblem.FieldError("serial", "must be 3 to 40 letters, digits or dashes"));
        }
        OrderState state = null;
        if (stateName != null) {
            try {
                state = OrderState.valueOf(stateName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new ApiProblem.FieldError("state", "must be one of " + List.of(OrderState.values())));
            }
        }
        if (after != null && after.length() > 64) {
            errors.add(new ApiProblem.FieldError("after", "must be an order id from a previous page"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        List<Order> page = queries.orders(c, serial, state, after, limit + 1);
        String next = null;
        if (page.size() > limit) {
            page = page.subList(0, limit);
            next = page.getLast().orderId();
        }
        return ApiResponse.ok(new OrderViews.OrderPage(List.copyOf(page), next));
    }

    private ApiResponse order(ApiRequest request, Connection c) throws SQLException {
        String orderId = request.id("orderId", "order");
        Order order = queries.order(c, orderId).orElseThrow(() -> ApiProblem.notFound("No order " + orderId));
        return ApiResponse.ok(OrderViews.OrderWithEvents.of(order, queries.events(c, orderId)));
    }

    private ApiResponse cancel(ApiRequest request, Connection c) throws SQLException {
        String orderId = request.id("orderId", "order");
        JsonInput in = request.json();
        in.allowOnly("reason");
        String reason = in.multilineText("reason", false, 500);
        in.validate();
        return switch (commands.cancelOrder(c, orderId, reason == null ? "cancelled by fulfilment" : reason)) {
            case OrderCommands.CancelResult.Cancelled cancelled ->
                    ApiResponse.ok(new OrderViews.Cancelled(orderId, OrderState.CANCELLED));
            case OrderCommands.CancelResult.NotFound missing -> throw ApiProblem.notFound("No order " + orderId);
            case OrderCommands.CancelResult.NotCancellable refused -> throw new ApiProblem(409, "order-not-cancellable",
                    "Order not cancellable", "Order " + orderId + " is " + refused.state() + " and cannot be cancelled",
                    List.of(), java.util.Map.of("state", refused.state().name()));
        };
    }

    /** The answer to an action on one order: the order's state now, 404, or 409 saying what the action needs. */
    private static ApiResponse action(ApiRequest request, OrderCommands.ActionResult result) {
        String orderId = request.id("orderId", "order");
        return switch (result) {
            case OrderCommands.ActionResult.Done done -> ApiResponse.ok(new OrderViews.ActionDone(orderId, done.state()));
            case OrderCommands.ActionResult.NotFound missing -> throw ApiProblem.notFound("No order " + orderId);
            case OrderCommands.ActionResult.NotApplicable refused -> throw new ApiProblem(409, "order-action-not-applicable",
                    "Action not applicable", "Order " + orderId + " is " + refused.state()
                    + (refused.parked() ? " (parked)" : "") + ": " + refused.why(), List.of(),
                    java.util.Map.of("state", refused.state().name(), "parked", refused.parked()));
        };
    }

    private ApiResponse backorders(ApiRequest request, Connection c) throws SQLException {
        return ApiResponse.ok(queries.backorders(c, request.queryInt("limit", 500, 1, 5000)));
    }

    private ApiResponse restock(ApiRequest request, Connection c) throws SQLException {
        String sku = request.pathParam("sku");
        if (!SKU.matcher(sku).matches()) {
            throw ApiProblem.notFound("No SKU " + sku);
        }
        JsonInput in = request.json();
        in.allowOnly("quantity");
        Integer quantity = in.integer("quantity", true, 1, MAX_RESTOCK);
        in.validate();
        try {
            OrderCommands.RestockResult result = commands.restock(c, sku, quantity);
            return ApiResponse.ok(new OrderViews.RestockDone(result.sku(), result.onHand(), result.released()));
        } catch (OrderCommands.UnknownSkuException e) {
            throw ApiProblem.notFound("No SKU " + sku + " in the inventory");
        }
    }

    /** A customer sees its own mailbox (accountId optional); ADMIN any account's, or all without accountId. */
    private ApiResponse mailbox(ApiRequest request, Connection c) throws SQLException {
        Principal principal = request.principal();
        String accountId = request.query("accountId");
        if (principal.role() == Role.CUSTOMER) {
            if (accountId != null && !accountId.equals(principal.accountId())) {
                throw ApiProblem.notFound("No account " + accountId);
            }
            accountId = principal.accountId();
        }
        return ApiResponse.ok(queries.mailbox(c, accountId, request.queryInt("limit", 100, 1, 1000)));
    }

    private static boolean accountExists(Connection c, String accountId) throws SQLException {
        try (var select = c.prepareStatement("SELECT 1 FROM accounts WHERE account_id = ?")) {
            select.setString(1, accountId);
            try (var rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }
}
