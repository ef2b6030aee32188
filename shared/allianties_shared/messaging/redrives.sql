-- Dead letters an operator redrove (POST /ops/dead-letters/.../redrive): one row per redrive, with what
-- the consumer made of it. An entry is its place on the dead-letter topic and the SHA-256 of the record,
-- so a topic the broker lost and refilled from offset 0 does not inherit the old entries' redrives.
-- Primary data of the service (not derived from events), never touched by a read-model rebuild.
CREATE TABLE IF NOT EXISTS dead_letter_redrives (
    id             bigserial   PRIMARY KEY,
    dead_letter_id text        NOT NULL,  -- <partition>-<offset> on <prefix><group>.dlq
    digest         char(64)    NOT NULL,
    consumer_group text        NOT NULL,
    event_id       text,
    outcome        text        NOT NULL,  -- processed, duplicate, ignored, dead-lettered
    reason         text,
    redriven_by    text        NOT NULL,  -- the operator's actor id
    redriven_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS dead_letter_redrives_entry ON dead_letter_redrives (dead_letter_id, digest);
