package io.inkflow.dispatcher.fulfilment;

import io.inkflow.dispatcher.fulfilment.ChargeRecorder.Recorded;
import io.inkflow.dispatcher.fulfilment.Preparation.Prepared;
import io.inkflow.dispatcher.fulfilment.RemoteCalls.Answered;
import io.inkflow.dispatcher.fulfilment.RemoteCalls.ChargeCall;
import io.inkflow.dispatcher.fulfilment.RemoteCalls.ForwardCall;
import io.inkflow.dispatcher.fulfilment.RemoteCalls.ShipCall;
import io.inkflow.dispatcher.order.Checkpoint;
import io.inkflow.dispatcher.order.ParkReason;
import io.inkflow.dispatcher.payment.PaymentProvider.ChargeOutcome;
import io.inkflow.dispatcher.persistence.SqlErrors;
import io.inkflow.dispatcher.shipping.Carrier.ShipmentOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a batch of leased orders forward, one durable step for all of them at a time: reserve stock and
 * write the payment and shipment intents (one transaction), call the payment provider for every order
 * at once, record the answers with the shipment intents (one transaction), call the carrier, record the
 * parcels (one transaction). Three commits for a whole batch instead of three per order, and every remote
 * call still preceded by its committed intent, so a crash anywhere charges and ships nothing twice.
 *
 * <p>Failures are told apart: the database being unavailable retries the batch while its leases last; a
 * provider without an answer is a transient failure of that order (parked after too many); anything
 * unexpected is a bug, isolated by processing the batch's orders one by one, and the order that fails
 * alone is parked with reason INTERNAL and its stack trace logged. An {@link Error} is never caught.
 */
public final class BatchProcessor {
    private static final Logger log = LoggerFactory.getLogger(BatchProcessor.class);
    private static final Recorded NOTHING_RECORDED = new Recorded(List.of(), List.of());

    private final FulfilmentContext ctx;
    private final Preparation preparation;
    private final RemoteCalls calls;
    private final ChargeRecorder charges;
    private final ShipmentRecorder shipments;
    private volatile boolean stopping;

    public BatchProcessor(FulfilmentContext ctx) {
        this.ctx = ctx;
        this.preparation = new Preparation(ctx);
        this.calls = new RemoteCalls(ctx);
        this.charges = new ChargeRecorder(ctx);
        this.shipments = new ShipmentRecorder(ctx);
    }

    /** Processes the orders this instance just leased until each waits for something or is finished. */
    public void process(List<String> orderIds) {
        Instant leaseEnds = ctx.clock().instant().plus(ctx.lease());
        while (true) {
            try {
                run(orderIds);
                return;
            } catch (RuntimeException e) {
                if (stopping) {
                    // interrupted by the stop: not the orders' fault; their leases expire, a later round resumes
                    log.debug("Batch interrupted by the stop [orders={}, error={}]", orderIds.size(), e.toString());
                    return;
                }
                if (!SqlErrors.unavailable(e)) {
                    isolate(orderIds, e);
                    return;
                }
                if (ctx.clock().instant().plus(ctx.retryBackoff()).isAfter(leaseEnds)) {
                    log.warn("Database unavailable; the batch's leases expire and a later round resumes it"
                            + " [orders={}]", orderIds.size(), e);
                    return;
                }
                log.warn("Database unavailable, retrying the batch [orders={}]", orderIds.size(), e);
                if (!pause()) {
                    return;
                }
            }
        }
    }

    /** From now on a failing batch is left to its leases: the process is stopping. */
    public void stop() {
        stopping = true;
    }

    private void run(List<String> orderIds) {
        Prepared prepared = ctx.tx().run(c -> preparation.prepare(c, orderIds));
        for (ChargeCall call : prepared.charges()) {
            ctx.checkpoints().reached(Checkpoint.CHARGE_INTENT_STORED, call.order().orderId());
        }
        List<Answered<ChargeCall, ChargeOutcome>> charged = calls.charge(prepared.charges());
        List<Answered<ForwardCall, String>> forwarded = calls.forward(prepared.forwards());
        Recorded recorded = charged.isEmpty() && forwarded.isEmpty() ? NOTHING_RECORDED
                : ctx.tx().run(c -> charges.record(c, charged, forwarded));
        for (String orderId : recorded.charged()) {
            ctx.checkpoints().reached(Checkpoint.CHARGE_RESPONSE_STORED, orderId);
        }
        List<ShipCall> toShip = new ArrayList<>(prepared.shipments());
        toShip.addAll(recorded.shipments());
        List<Answered<ShipCall, ShipmentOutcome>> parcels = calls.ship(toShip);
        if (!parcels.isEmpty()) {
            for (String orderId : ctx.tx().run(c -> shipments.record(c, parcels))) {
                ctx.checkpoints().reached(Checkpoint.SHIPMENT_STORED, orderId);
            }
        }
    }

    /** A bug hit the batch: find the order it belongs to by trying each alone. */
    private void isolate(List<String> orderIds, RuntimeException e) {
        if (orderIds.size() == 1) {
            parkInternal(orderIds.getFirst(), e);
            return;
        }
        log.warn("A batch failed unexpectedly; processing its orders one by one to find the cause [orders={}]",
                orderIds.size(), e);
        for (String orderId : orderIds) {
            process(List.of(orderId));
        }
    }

    private void parkInternal(String orderId, RuntimeException e) {
        log.error("Processing an order failed unexpectedly; it is parked for a person [orderId={}]", orderId, e);
        try {
            ctx.tx().runVoid(c -> ctx.orders().park(c, orderId, ParkReason.INTERNAL, e.toString(),
                    ctx.clock().instant()));
        } catch (RuntimeException parkFailure) {
            log.warn("Cannot park the order; its lease expires and a later round tries again [orderId={}]", orderId,
                    parkFailure);
        }
    }

    private boolean pause() {
        try {
            Thread.sleep(ctx.retryBackoff());
            return true;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
