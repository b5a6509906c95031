package io.inkflow.dispatcher.portal;

import io.inkflow.dispatcher.fulfilment.OrderCommands;
import io.inkflow.dispatcher.persistence.Tx;
import io.inkflow.dispatcher.portal.book.AddressBook;
import io.inkflow.dispatcher.portal.book.Delivery;
import io.inkflow.dispatcher.portal.book.PaymentMethods;
import io.inkflow.dispatcher.portal.printers.CustomerPrinters.Registration;
import io.inkflow.dispatcher.portal.printers.CustomerPrinters;
import io.inkflow.dispatcher.portal.printers.PrinterPlans;
import io.inkflow.dispatcher.portal.view.Form;
import io.inkflow.dispatcher.portal.view.PrinterView;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One printer's page: its levels and plan, the shipping address and payment method chosen for it, plan
 * cancellation with reasons, and deactivation. Another account's printer, or one that does not exist, is
 * "not found".
 */
final class PrinterPages {
    private static final String DEFAULT = "default";

    private final PortalWeb web;
    private final Pages pages;
    private final Tx tx;
    private final CustomerPrinters printers;
    private final PrinterPlans plans;
    private final AddressBook book;
    private final PaymentMethods methods;
    private final Delivery delivery;
    private final OrderCommands orders;

    PrinterPages(PortalWeb web, Pages pages, Tx tx, CustomerPrinters printers, PrinterPlans plans, AddressBook book,
                 PaymentMethods methods, Delivery delivery, OrderCommands orders) {
        this.web = web;
        this.pages = pages;
        this.tx = tx;
        this.printers = printers;
        this.plans = plans;
        this.book = book;
        this.methods = methods;
        this.delivery = delivery;
        this.orders = orders;
    }

    void register() {
        web.accountGet("/account/printers/{serial}", (ctx, v) -> page(ctx, v, null, Form.empty(), 200));
        web.accountPost("/account/printers/{serial}/delivery", this::saveDelivery);
        web.accountPost("/account/printers/{serial}/cancel-plan", this::cancelPlan);
        web.accountPost("/account/printers/{serial}/deactivate", this::deactivate);
    }

    /** The page; {@code failed} names the form shown with its errors ("delivery", "cancel" or "deactivate"). */
    private void page(Context ctx, Visit v, String failed, Form failedForm, int status) {
        Registration registration = registration(ctx, v);
        PrinterView printer = tx.run(c -> printers.find(c, v.accountId(), registration.serial()))
                .orElseThrow(() -> new PageNotFound(registration.serial()));
        Delivery.Choice choice = tx.run(c -> delivery.of(c, registration.enrollmentId()));
        Map<String, Object> model = new HashMap<>();
        model.put("frame", v.frame(printer.modelName() + " " + printer.serial(), "overview"));
        model.put("printer", printer);
        model.put("addresses", tx.run(c -> book.list(c, v.accountId())));
        model.put("methods", tx.run(c -> methods.list(c, v.accountId())));
        model.put("delivery", "delivery".equals(failed) ? failedForm : Form.filled(Map.of(
                "address", Objects.requireNonNullElse(choice.addressId(), DEFAULT),
                "payment", Objects.requireNonNullElse(choice.paymentMethodId(), DEFAULT))));
        model.put("cancel", "cancel".equals(failed) ? failedForm : Form.empty());
        model.put("deactivate", "deactivate".equals(failed) ? failedForm : Form.empty());
        model.put("cancelReasons", PrinterPlans.CANCEL_REASONS);
        model.put("deactivateReasons", PrinterPlans.DEACTIVATE_REASONS);
        pages.render(ctx, status, "account/printer.jte", model);
    }

    private Registration registration(Context ctx, Visit v) {
        String serial = ctx.pathParam("serial");
        if (!RegisterPages.SERIAL.matcher(serial).matches()) {
            throw new PageNotFound(serial);
        }
        return tx.run(c -> printers.registration(c, v.accountId(), serial)).orElseThrow(() -> new PageNotFound(serial));
    }

    private void saveDelivery(Context ctx, Visit v) {
        Registration registration = registration(ctx, v);
        Form form = Form.of(ctx.formParamMap());
        String addressId = chosen(form.value("address"));
        String methodId = chosen(form.value("payment"));
        boolean saved = tx.run(c -> {
            if (addressId != null && book.find(c, v.accountId(), addressId).isEmpty()) {
                form.reject("address", "Choose an address from your address book");
            }
            if (methodId != null && methods.find(c, v.accountId(), methodId).isEmpty()) {
                form.reject("payment", "Choose one of your saved payment methods");
            }
            if (!form.valid()) {
                return false;
            }
            delivery.choose(c, v.accountId(), registration.enrollmentId(), new Delivery.Choice(addressId, methodId),
                    v.now());
            // with what is now chosen, a PAYMENT_FAILED order is charged again and an order the carrier refused
            // the old address for goes out again, as after a change in the API (same transaction)
            orders.retryFailedPayments(c, v.accountId());
            orders.releaseAddressRefused(c, v.accountId());
            return true;
        });
        if (!saved) {
            page(ctx, v, "delivery", form, 400);
            return;
        }
        ctx.redirect("/account/printers/" + registration.serial() + "?notice=delivery-saved", HttpStatus.SEE_OTHER);
    }

    private void cancelPlan(Context ctx, Visit v) {
        Registration registration = registration(ctx, v);
        Form form = Form.of(ctx.formParamMap());
        List<String> codes = form.choices("reasons", "Choose at least one reason",
                PrinterPlans.CANCEL_REASONS.keySet(), 1);
        String comment = form.multiline("comment", "Comment", 2000);
        if (codes.contains("OTHER") && comment == null) {
            form.reject("comment", "Tell us your reason in the comment");
        }
        if (!form.valid()) {
            page(ctx, v, "cancel", form, 400);
            return;
        }
        List<String> reasons = codes.stream().map(PrinterPlans.CANCEL_REASONS::get).toList();
        boolean cancelled = tx.run(c -> plans.cancel(c, v.accountId(), registration.serial(), reasons, comment,
                v.now()).isPresent());
        if (!cancelled) {
            page(ctx, v, "cancel", form.reject("reasons", "Auto Replenishment is already cancelled for this printer"),
                    409);
            return;
        }
        ctx.redirect("/account/printers/" + registration.serial() + "?notice=plan-cancelled", HttpStatus.SEE_OTHER);
    }

    private void deactivate(Context ctx, Visit v) {
        Registration registration = registration(ctx, v);
        Form form = Form.of(ctx.formParamMap());
        String reason = form.choice("reason", "Choose why the printer leaves your account",
                PrinterPlans.DEACTIVATE_REASONS.keySet());
        if (!form.ticked("confirm")) {
            form.reject("confirm", "Confirm that the printer leaves your account");
        }
        if (!form.valid()) {
            page(ctx, v, "deactivate", form, 400);
            return;
        }
        tx.run(c -> plans.deactivate(c, v.accountId(), registration.serial(), reason, v.now()))
                .orElseThrow(() -> new PageNotFound(registration.serial()));
        ctx.redirect("/account?notice=deactivated", HttpStatus.SEE_OTHER);
    }

    private static String chosen(String value) {
        return value.isEmpty() || DEFAULT.equals(value) ? null : value;
    }
}
