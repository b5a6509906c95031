-- How many orders are in each state, per model, without counting the orders table (issue 14). The gauge and
-- the dashboard's totals counted the whole table, which only grows (160 ms at 3 million orders, every 2 s per
-- open dashboard filter). Here every statement that inserts, updates, deletes or truncates orders adds its change of
-- the counts as rows (model, state, +n or -n) in its own transaction, so the sum per (model, state) is exact
-- in every snapshot, whoever wrote the orders: the dispatcher, an older instance during a rolling upgrade,
-- an operator's SQL. Writers only ever insert here, so they never wait on each other's rows (a counter row
-- per state would serialise the fulfilment batches). The dispatcher's gauge loop folds the rows into one per
-- (model, state) every few seconds (OrderStateCounts.fold); readers take sum(orders).
CREATE TABLE order_state_counts (
    model  text   NOT NULL,
    state  text   NOT NULL,
    orders bigint NOT NULL
);

CREATE FUNCTION order_state_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO order_state_counts (model, state, orders)
    SELECT model, state, count(*) FROM inserted_orders GROUP BY model, state;
    RETURN NULL;
END $$;

-- An update statement's rows before and after; most change no state (claims, leases), and add nothing.
CREATE FUNCTION order_state_counts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO order_state_counts (model, state, orders)
    SELECT model, state, sum(change)
    FROM (SELECT model, state, 1 AS change FROM updated_orders
          UNION ALL
          SELECT model, state, -1 FROM previous_orders) AS changes
    GROUP BY model, state
    HAVING sum(change) <> 0;
    RETURN NULL;
END $$;

-- No code path deletes orders; an operator's delete is counted all the same.
CREATE FUNCTION order_state_counts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO order_state_counts (model, state, orders)
    SELECT model, state, -count(*) FROM deleted_orders GROUP BY model, state;
    RETURN NULL;
END $$;

CREATE FUNCTION order_state_counts_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE order_state_counts;
    RETURN NULL;
END $$;

CREATE TRIGGER order_state_counts_on_insert AFTER INSERT ON orders
    REFERENCING NEW TABLE AS inserted_orders
    FOR EACH STATEMENT EXECUTE FUNCTION order_state_counts_inserted();
CREATE TRIGGER order_state_counts_on_update AFTER UPDATE ON orders
    REFERENCING OLD TABLE AS previous_orders NEW TABLE AS updated_orders
    FOR EACH STATEMENT EXECUTE FUNCTION order_state_counts_updated();
CREATE TRIGGER order_state_counts_on_delete AFTER DELETE ON orders
    REFERENCING OLD TABLE AS deleted_orders
    FOR EACH STATEMENT EXECUTE FUNCTION order_state_counts_deleted();
CREATE TRIGGER order_state_counts_on_truncate AFTER TRUNCATE ON orders
    FOR EACH STATEMENT EXECUTE FUNCTION order_state_counts_truncated();

-- The orders already there, counted after the triggers exist: creating them locked out writers, so every
-- order is counted here or by its own statement's trigger, never both and never neither.
INSERT INTO order_state_counts (model, state, orders)
SELECT model, state, count(*) FROM orders GROUP BY model, state;
