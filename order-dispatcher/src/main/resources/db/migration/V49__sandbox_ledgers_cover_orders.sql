-- Order groups (issue 16): one capture and one parcel may cover several orders, under the group's id as
-- reference. The sandbox ledgers record which orders each row covers, so audits map captures and parcels to
-- orders: order_ids are a capture's line order ids (or its reference, for one order's charge) and a
-- parcel's item order ids; line_amounts_cents[i] is order_ids[i]'s part of the capture (its amount, for one
-- order), so the lines of a capture add up to amount_cents. Rows written before this migration were all of
-- one order, their reference.
ALTER TABLE sandbox_payment_ledger ADD COLUMN order_ids text[], ADD COLUMN line_amounts_cents bigint[];
UPDATE sandbox_payment_ledger SET order_ids = ARRAY[reference], line_amounts_cents = ARRAY[amount_cents];
ALTER TABLE sandbox_payment_ledger
    ALTER COLUMN order_ids SET NOT NULL,
    ALTER COLUMN line_amounts_cents SET NOT NULL,
    ADD CONSTRAINT sandbox_payment_ledger_lines_check
        CHECK (cardinality(order_ids) >= 1 AND cardinality(line_amounts_cents) = cardinality(order_ids));

ALTER TABLE sandbox_carrier_ledger ADD COLUMN order_ids text[];
UPDATE sandbox_carrier_ledger SET order_ids = ARRAY[reference];
ALTER TABLE sandbox_carrier_ledger
    ALTER COLUMN order_ids SET NOT NULL,
    ADD CONSTRAINT sandbox_carrier_ledger_order_ids_check CHECK (cardinality(order_ids) >= 1);
