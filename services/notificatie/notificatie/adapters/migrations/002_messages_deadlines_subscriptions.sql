-- Reminders are messages too, caused by a deadline rather than by one event.
ALTER TABLE notifications ALTER COLUMN cause_event_id DROP NOT NULL;
ALTER TABLE notifications ADD COLUMN deadline_id text;
ALTER TABLE notifications ADD COLUMN days_before int;

CREATE TABLE recipients (
    alliance_id  text NOT NULL,
    role         text NOT NULL,
    person_id    text NOT NULL,
    language     text NOT NULL,
    PRIMARY KEY (alliance_id, role, person_id)
);

CREATE TABLE message_outcomes (
    notification_id  uuid NOT NULL,
    person_id        text NOT NULL,
    alliance_id      text NOT NULL,
    template         text NOT NULL,
    outcome          text NOT NULL,   -- verzonden, gewist, geen-adres
    language         text,
    recorded_at      timestamptz NOT NULL,
    PRIMARY KEY (notification_id, person_id)
);
CREATE INDEX message_outcomes_by_alliance ON message_outcomes (alliance_id, recorded_at);

CREATE TABLE deadlines (
    deadline_id  text PRIMARY KEY,
    alliance_id  text NOT NULL,
    kind         text NOT NULL,
    reference    text NOT NULL,
    due          timestamptz NOT NULL,
    ended        boolean NOT NULL DEFAULT false,
    reminded     int[] NOT NULL DEFAULT '{}'
);

-- The feed and the catch-up replays are primary data: ../primary/001_feed_and_replays.sql (never rebuilt).

CREATE TABLE subscriptions (
    subscription_id  uuid PRIMARY KEY,
    owner            text NOT NULL,
    callback_url     text NOT NULL,
    types            text[] NOT NULL,
    priorities       int[] NOT NULL,
    alliances        text[] NOT NULL,
    api_key_header   text,
    api_key          jsonb,
    hmac_secret      jsonb,
    start_position   bigint NOT NULL,
    active           boolean NOT NULL DEFAULT true,
    created_at       timestamptz NOT NULL
);

CREATE TABLE deliveries (
    subscription_id  uuid NOT NULL,
    event_id         uuid NOT NULL,
    status           text NOT NULL,   -- afgeleverd, opnieuw, opgegeven
    attempts         int NOT NULL,
    next_attempt_at  timestamptz,
    last_status      int,
    last_error       text,
    stream           text,
    position         bigint,
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (subscription_id, event_id)
);

CREATE TABLE delivery_attempts (
    subscription_id  uuid NOT NULL,
    event_id         uuid NOT NULL,
    attempt          int NOT NULL,
    event_type       text NOT NULL,
    stream           text NOT NULL,
    position         bigint NOT NULL,
    ok               boolean NOT NULL,
    http_status      int,
    error            text,
    next_attempt_at  timestamptz,
    recorded_at      timestamptz NOT NULL
);
CREATE INDEX delivery_attempts_by_subscription ON delivery_attempts (subscription_id, recorded_at);
