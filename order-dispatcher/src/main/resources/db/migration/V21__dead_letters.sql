-- Records a consumer could not store (not JSON, schema, unknown model or SKU, refused by a constraint, a
-- bug), set aside in the same transaction as the rest of their batch so every other record goes on.
-- One row per source record: a batch read twice cannot set a record aside twice.
CREATE TABLE dead_letters (
    id             bigserial PRIMARY KEY,
    topic          text        NOT NULL,
    partition      int         NOT NULL,
    record_offset  bigint      NOT NULL,
    record_key     bytea,
    record_value   bytea,
    reason         text        NOT NULL CHECK (reason IN ('NOT_JSON', 'SCHEMA_INVALID', 'UNKNOWN_MODEL', 'UNKNOWN_SKU',
                                                        'CONSTRAINT_VIOLATION', 'INTERNAL')),
    detail         text        NOT NULL,
    status         text        NOT NULL CHECK (status IN ('OPEN', 'REPLAYED')),
    replay_attempts int        NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    replayed_at    timestamptz,
    replayed_by    text,
    UNIQUE (topic, partition, record_offset)
);

CREATE INDEX dead_letters_open_idx ON dead_letters (id) WHERE status = 'OPEN';
