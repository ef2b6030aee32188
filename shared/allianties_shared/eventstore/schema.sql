-- The event store of one service. Append-only: PostgreSQL itself refuses UPDATE, DELETE and TRUNCATE.
CREATE TABLE IF NOT EXISTS events (
    global_position bigserial   NOT NULL UNIQUE,
    transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
    stream_id       text        NOT NULL,
    stream_type     text        NOT NULL,
    version         integer     NOT NULL CHECK (version > 0),
    event_id        uuid        NOT NULL UNIQUE,
    name            text        NOT NULL,
    schema_version  integer     NOT NULL CHECK (schema_version > 0),
    data            jsonb       NOT NULL,
    metadata        jsonb       NOT NULL,
    recorded_at     timestamptz NOT NULL,
    prev_hash       char(64)    NOT NULL,
    hash            char(64)    NOT NULL,
    PRIMARY KEY (stream_id, version)
);

-- Followers read in (transaction_id, global_position) order, never past the oldest running transaction.
CREATE INDEX IF NOT EXISTS events_reading_order ON events (transaction_id, global_position);

CREATE OR REPLACE FUNCTION events_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events are immutable: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

DROP TRIGGER IF EXISTS events_no_update_or_delete ON events;
CREATE TRIGGER events_no_update_or_delete BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_are_immutable();
DROP TRIGGER IF EXISTS events_no_truncate ON events;
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_are_immutable();

-- Idempotent consumers: one row per processed event, written in the transaction of its effect.
CREATE TABLE IF NOT EXISTS processed_events (
    consumer     text        NOT NULL,
    event_id     uuid        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

-- Followers of the global log (the outbox relay, projections): their last confirmed position.
CREATE TABLE IF NOT EXISTS checkpoints (
    name            text        PRIMARY KEY,
    transaction_id  xid8        NOT NULL,
    global_position bigint      NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Crypto-shredding: one key per person; erasing the key makes their data in events unreadable.
CREATE TABLE IF NOT EXISTS personal_data_keys (
    subject_id uuid        PRIMARY KEY,
    key        bytea,
    created_at timestamptz NOT NULL DEFAULT now(),
    erased_at  timestamptz,
    CHECK ((key IS NULL) = (erased_at IS NOT NULL))
);

-- Wake followers (the outbox relay) when events commit: NOTIFY is delivered at commit, once per transaction.
CREATE OR REPLACE FUNCTION events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('events_appended', '');
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS events_notify_followers ON events;
CREATE TRIGGER events_notify_followers AFTER INSERT ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_notify();
