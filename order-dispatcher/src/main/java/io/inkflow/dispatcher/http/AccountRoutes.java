package io.inkflow.dispatcher.http;

import io.inkflow.dispatcher.account.Account;
import io.inkflow.dispatcher.account.AccountStore;
import io.inkflow.dispatcher.account.Address;
import io.inkflow.dispatcher.account.CancelPlanResult;
import io.inkflow.dispatcher.account.EnrollResult;
import io.inkflow.dispatcher.account.EnrollmentService;
import io.inkflow.dispatcher.account.NewAccount;
import io.inkflow.dispatcher.account.PaymentMethod;
import io.inkflow.dispatcher.account.PlanService;
import io.inkflow.dispatcher.account.PlanStatus;
import io.inkflow.dispatcher.fulfilment.OrderCommands;
import io.inkflow.dispatcher.notify.NotificationKind;
import io.inkflow.dispatcher.notify.NotificationOutbox;
import io.inkflow.dispatcher.portal.printers.CustomerPrinters;
import io.inkflow.dispatcher.portal.view.PrinterView;
import io.inkflow.schemas.Channel;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Accounts, their printers, shipping address, payment method and plan. */
final class AccountRoutes {
    static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{2,39}");
    private static final Pattern MODEL = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final AccountStore accounts;
    private final EnrollmentService enrollments;
    private final PlanService plans;
    private final ApiTokens tokens;
    private final NotificationOutbox notifications;
    private final OrderCommands orders;
    private final CustomerPrinters printers;

    /** {@code printers}: the customer pages' view of the account's printers (last report, quiet state). */
    AccountRoutes(AccountStore accounts, EnrollmentService enrollments, PlanService plans, ApiTokens tokens,
                  NotificationOutbox notifications, OrderCommands orders, CustomerPrinters printers) {
        this.accounts = accounts;
        this.enrollments = enrollments;
        this.plans = plans;
        this.tokens = tokens;
        this.notifications = notifications;
        this.orders = orders;
        this.printers = printers;
    }

    void register(Endpoints endpoints) {
        endpoints.post("/api/v1/accounts", Access.adminOnly(), this::createAccount);
        endpoints.get("/api/v1/accounts/{accountId}", Access.ownerOrAdmin(), this::getAccount);
        endpoints.post("/api/v1/accounts/{accountId}/printers", Access.ownerOrAdmin(), this::enroll);
        endpoints.get("/api/v1/accounts/{accountId}/printers", Access.ownerOrAdmin(), this::listPrinters);
        endpoints.post("/api/v1/accounts/{accountId}/printers/{serial}/deactivate", Access.ownerOrAdmin(),
                this::deactivate);
        endpoints.post("/api/v1/accounts/{accountId}/printers/{serial}/rotate-secret", Access.ownerOrAdmin(),
                this::rotateSecret);
        endpoints.put("/api/v1/accounts/{accountId}/shipping-address", Access.ownerOrAdmin(), this::changeAddress);
        endpoints.put("/api/v1/accounts/{accountId}/payment-method", Access.ownerOrAdmin(), this::changePayment);
        endpoints.post("/api/v1/accounts/{accountId}/plan/cancel", Access.ownerOrAdmin(), this::cancelPlan);
    }

    /** {@code apiToken} is shown once; a replay answers null. */
    record Created(String accountId, String apiToken) {
        @Override
        public String toString() {
            return "Created[accountId=" + accountId + ", apiToken=<redacted>]";
        }
    }

    record PlanCancelled(String accountId, PlanStatus planStatus, int enrollmentsCancelled) {
    }

    record Deactivated(String serial, String enrollmentId, io.inkflow.schemas.EnrollmentStatus status) {
    }

    /** The account after a payment method change, and how many failed payments are retried with it. */
    record PaymentChanged(Account account, int retriedOrders) {
    }

    private ApiResponse createAccount(ApiRequest request, Connection c) throws SQLException {
        NewAccount account = AccountInput.newAccount(request.json());
        String accountId = accounts.create(c, account, request.now());
        ApiTokens.Issued token = tokens.issue(c, Role.CUSTOMER, accountId, "account owner", request.now());
        return ApiResponse.createdWithSecret(new Created(accountId, token.token()), new Created(accountId, null));
    }

    private ApiResponse getAccount(ApiRequest request, Connection c) throws SQLException {
        return ApiResponse.ok(find(c, request.id("accountId", "account")));
    }

    private ApiResponse enroll(ApiRequest request, Connection c) throws SQLException {
        String accountId = request.id("accountId", "account");
        JsonInput in = request.json();
        in.allowOnly("serial", "model", "channel");
        String serial = in.matching("serial", true, SERIAL, "3 to 40 letters, digits or dashes");
        String model = in.matching("model", true, MODEL, "a catalog model id such as pixma-ts8320");
        Channel channel = in.enumValue("channel", true, Channel.class);
        in.validate();
        EnrollResult result = enrollments.enroll(c, accountId, serial, model, channel, request.now());
        return switch (result) {
            // a new enrollment has not reported under it yet, so it is not quiet
            case EnrollResult.Enrolled enrolled -> ApiResponse.createdWithSecret(
                    PrinterViews.Enrolled.of(enrolled.enrollment(), null, enrolled.deviceSecret()),
                    PrinterViews.Enrolled.of(enrolled.enrollment(), null, null));
            case EnrollResult.UnknownModel unknown -> throw invalidModel("is not a model in the catalog");
            case EnrollResult.ModelNotEligible ineligible -> throw invalidModel("is not eligible for the plan");
            case EnrollResult.AccountNotFound missing -> throw ApiProblem.notFound("No account " + accountId);
            case EnrollResult.SerialAlreadyEnrolled held -> throw ApiProblem.conflict("serial-enrolled",
                    held.byThisAccount() ? "Printer " + serial + " is already enrolled in this account"
                            : "Printer " + serial + " is enrolled by another account; it must be deactivated first");
        };
    }

    private static ApiProblem invalidModel(String message) {
        return ApiProblem.invalid(List.of(new ApiProblem.FieldError("model", message)));
    }

    private ApiResponse listPrinters(ApiRequest request, Connection c) throws SQLException {
        String accountId = request.id("accountId", "account");
        find(c, accountId);
        boolean all = "true".equals(request.query("all"));
        Map<String, PrinterView> current = currentPrinters(c, accountId);
        return ApiResponse.ok(enrollments.list(c, accountId, all).stream()
                .map(e -> PrinterViews.Printer.of(e, current.get(e.enrollmentId()))).toList());
    }

    /** The account's current enrollments as the customer pages show them, by enrollment id. */
    private Map<String, PrinterView> currentPrinters(Connection c, String accountId) throws SQLException {
        return printers.list(c, accountId).stream()
                .collect(Collectors.toMap(PrinterView::enrollmentId, Function.identity()));
    }

    private ApiResponse deactivate(ApiRequest request, Connection c) throws SQLException {
        String accountId = request.id("accountId", "account");
        String serial = request.pathParam("serial");
        JsonInput in = request.json();
        in.allowOnly("reason");
        String reason = in.multilineText("reason", false, 500);
        in.validate();
        if (!SERIAL.matcher(serial).matches()) {
            throw ApiProblem.notFound("No printer " + serial + " in account " + accountId);
        }
        return enrollments.deactivate(c, accountId, serial, reason, request.now())
                .map(e -> ApiResponse.ok(new Deactivated(e.serial(), e.enrollmentId(), e.status())))
                .orElseThrow(() -> ApiProblem.notFound("No printer " + serial + " in account " + accountId));
    }

    /** A new device secret for a printer whose secret was lost; answered once, like at enrollment. */
    private ApiResponse rotateSecret(ApiRequest request, Connection c) throws SQLException {
        String accountId = request.id("accountId", "account");
        String serial = request.pathParam("serial");
        JsonInput in = request.json();
        in.allowOnly();
        in.validate();
        if (!SERIAL.matcher(serial).matches()) {
            throw ApiProblem.notFound("No printer " + serial + " in account " + accountId);
        }
        EnrollResult.Enrolled rotated = enrollments.rotateSecret(c, accountId, serial, request.now())
                .orElseThrow(() -> ApiProblem.notFound("No printer " + serial + " in account " + accountId));
        PrinterView current = currentPrinters(c, accountId).get(rotated.enrollment().enrollmentId());
        return ApiResponse.okWithSecret(
                PrinterViews.Enrolled.of(rotated.enrollment(), current, rotated.deviceSecret()),
                PrinterViews.Enrolled.of(rotated.enrollment(), current, null));
    }

    private ApiResponse changeAddress(ApiRequest request, Connection c) throws SQLException {
        String accountId = request.id("accountId", "account");
        JsonInput in = request.json();
        Address address = AccountInput.address(in);
        in.validate();
        if (!accounts.updateAddress(c, accountId, address, request.now())) {
            throw ApiProblem.notFound("No account " + accountId);
        }
        // orders the carrier refused at the old address go out again, to the new one
        orders.releaseAddressRefused(c, accountId);
        return ApiResponse.ok(find(c, accountId));
    }

    /** The new payment method and the retry of the failed payments with it commit together. */
    private ApiResponse changePayment(ApiRequest request, Connection c) throws SQLException {
        String accountId = request.id("accountId", "account");
        JsonInput in = request.json();
        PaymentMethod method = AccountInput.paymentMethod(in);
        in.validate();
        if (!accounts.updatePaymentMethod(c, accountId, method, request.now())) {
            throw ApiProblem.notFound("No account " + accountId);
        }
        int retried = orders.retryFailedPayments(c, accountId);
        return ApiResponse.ok(new PaymentChanged(find(c, accountId), retried));
    }

    private ApiResponse cancelPlan(ApiRequest request, Connection c) throws SQLException {
        String accountId = request.id("accountId", "account");
        JsonInput in = request.json();
        in.allowOnly("reasons", "comment");
        List<String> reasons = in.textList("reasons", 1, 10, 100);
        String comment = in.multilineText("comment", false, 2000);
        in.validate();
        return switch (plans.cancel(c, accountId, reasons, comment, request.now())) {
            case CancelPlanResult.Cancelled cancelled -> {
                notifications.enqueue(c, new NotificationOutbox.Request(NotificationKind.PLAN_CANCELLED,
                        "plan-cancelled:" + accountId + ":" + cancelled.cancellationId(), accountId, null,
                        Map.of("reasons", String.join(", ", reasons))));
                yield ApiResponse.ok(new PlanCancelled(accountId, PlanStatus.CANCELLED,
                        cancelled.enrollmentsCancelled()));
            }
            case CancelPlanResult.AccountNotFound missing -> throw ApiProblem.notFound("No account " + accountId);
            case CancelPlanResult.AlreadyCancelled already -> throw ApiProblem.conflict("plan-cancelled",
                    "The plan of account " + accountId + " is already cancelled");
        };
    }

    private Account find(Connection c, String accountId) throws SQLException {
        return accounts.find(c, accountId).orElseThrow(() -> ApiProblem.notFound("No account " + accountId));
    }
}
