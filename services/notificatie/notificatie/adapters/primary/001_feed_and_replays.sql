-- Primary data: applied at start-up, never re-run or swapped by a read-model rebuild.
-- A database made before these were primary already has both tables (from the read-model
-- migrations 002 and 003): IF NOT EXISTS keeps them, with their rows and positions.

-- Every event of the four topics, in the order notificatie received them: what subscribers get.
CREATE TABLE IF NOT EXISTS feed (
    position     bigserial PRIMARY KEY,
    event_id     uuid NOT NULL UNIQUE,
    producer     text NOT NULL,
    name         text NOT NULL,
    subject      text NOT NULL,
    sequence     bigint NOT NULL,
    alliance_id  text,
    priorities   int[] NOT NULL DEFAULT '{}',
    time         timestamptz NOT NULL,
    body         text NOT NULL
);
CREATE INDEX IF NOT EXISTS feed_by_time ON feed (time);

-- Events a catch-up offers again, also those from before the subscription's start position.
CREATE TABLE IF NOT EXISTS replays (
    subscription_id  uuid NOT NULL,
    event_id         uuid NOT NULL,
    PRIMARY KEY (subscription_id, event_id)
);
