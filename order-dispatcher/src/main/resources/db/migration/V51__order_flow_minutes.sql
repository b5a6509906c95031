-- How many orders entered each state in each minute, per model, without reading the hour's order_events at
-- every dashboard push and every GET /api/v1/order-flow (issue 14). Those read the last hour of events joined to
-- orders: 8.6 ms at 12,000 events an hour (the fleet of docs/operations.md), a second at a million (the chain at
-- 1,000 reports/s), every 2 s per open dashboard filter (FlowMinutesBenchmark). As order_state_counts (V50): every
-- statement that inserts, updates, deletes or truncates events adds its change as rows (minute, model, state,
-- entered, created) in its own transaction, so sums are exact in every snapshot whoever wrote the events; writers
-- only insert, and never wait on each other's rows. `minute` is the event's occurred_at in whole minutes since the
-- epoch, as the dashboard's MinuteCounts counts them: the same in every session time zone. `created` counts the
-- events that created an order (no from_state). The dispatcher's gauge loop folds the rows into one per (minute,
-- model, state) every few seconds and drops minutes older than two hours (OrderFlowMinutes.fold).
CREATE TABLE order_flow_minutes (
    minute  bigint NOT NULL,
    model   text   NOT NULL,
    state   text   NOT NULL,
    entered bigint NOT NULL,
    created bigint NOT NULL
);

CREATE INDEX order_flow_minutes_minute_idx ON order_flow_minutes (minute);

-- Each event's model is its order's, looked up by primary key; an event's order exists (the foreign key).
CREATE FUNCTION order_flow_minutes_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO order_flow_minutes (minute, model, state, entered, created)
    SELECT floor(extract(epoch FROM e.occurred_at) / 60)::bigint, o.model, e.to_state, count(*),
           count(*) FILTER (WHERE e.from_state IS NULL)
    FROM inserted_events e JOIN orders o ON o.order_id = e.order_id
    GROUP BY 1, 2, 3;
    RETURN NULL;
END $$;

-- No code path deletes or updates events; an operator's delete is counted all the same.
CREATE FUNCTION order_flow_minutes_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO order_flow_minutes (minute, model, state, entered, created)
    SELECT floor(extract(epoch FROM e.occurred_at) / 60)::bigint, o.model, e.to_state, -count(*),
           -count(*) FILTER (WHERE e.from_state IS NULL)
    FROM deleted_events e JOIN orders o ON o.order_id = e.order_id
    GROUP BY 1, 2, 3;
    RETURN NULL;
END $$;

CREATE FUNCTION order_flow_minutes_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO order_flow_minutes (minute, model, state, entered, created)
    SELECT minute, model, state, sum(entered), sum(created)
    FROM (SELECT floor(extract(epoch FROM e.occurred_at) / 60)::bigint AS minute, o.model, e.to_state AS state,
                 1 AS entered, CASE WHEN e.from_state IS NULL THEN 1 ELSE 0 END AS created
          FROM updated_events e JOIN orders o ON o.order_id = e.order_id
          UNION ALL
          SELECT floor(extract(epoch FROM e.occurred_at) / 60)::bigint, o.model, e.to_state,
                 -1, CASE WHEN e.from_state IS NULL THEN -1 ELSE 0 END
          FROM previous_events e JOIN orders o ON o.order_id = e.order_id) AS changes
    GROUP BY minute, model, state
    HAVING sum(entered) <> 0 OR sum(created) <> 0;
    RETURN NULL;
END $$;

CREATE FUNCTION order_flow_minutes_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE order_flow_minutes;
    RETURN NULL;
END $$;

CREATE TRIGGER order_flow_minutes_on_insert AFTER INSERT ON order_events
    REFERENCING NEW TABLE AS inserted_events
    FOR EACH STATEMENT EXECUTE FUNCTION order_flow_minutes_inserted();
CREATE TRIGGER order_flow_minutes_on_update AFTER UPDATE ON order_events
    REFERENCING OLD TABLE AS previous_events NEW TABLE AS updated_events
    FOR EACH STATEMENT EXECUTE FUNCTION order_flow_minutes_updated();
CREATE TRIGGER order_flow_minutes_on_delete AFTER DELETE ON order_events
    REFERENCING OLD TABLE AS deleted_events
    FOR EACH STATEMENT EXECUTE FUNCTION order_flow_minutes_deleted();
CREATE TRIGGER order_flow_minutes_on_truncate AFTER TRUNCATE ON order_events
    FOR EACH STATEMENT EXECUTE FUNCTION order_flow_minutes_truncated();

-- The last two hours' events already there, counted after the triggers exist: creating them locked out writers,
-- so every event is counted here or by its own statement's trigger, never both and never neither. Older minutes
-- are outside every reader's hour, and a fold would drop them.
INSERT INTO order_flow_minutes (minute, model, state, entered, created)
SELECT floor(extract(epoch FROM e.occurred_at) / 60)::bigint, o.model, e.to_state, count(*),
       count(*) FILTER (WHERE e.from_state IS NULL)
FROM order_events e JOIN orders o ON o.order_id = e.order_id
WHERE e.occurred_at >= now() - interval '2 hours'
GROUP BY 1, 2, 3;
