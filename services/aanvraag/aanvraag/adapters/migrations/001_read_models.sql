CREATE TABLE alliances (
    alliance_id    text PRIMARY KEY,
    name           text NOT NULL,
    penvoerder     jsonb NOT NULL,
    partners       jsonb NOT NULL,
    contact        jsonb NOT NULL,
    registered_at  timestamptz NOT NULL
);

CREATE TABLE applications (
    application_id         text PRIMARY KEY,
    alliance_id            text NOT NULL,
    round_id               text NOT NULL,
    priorities             integer[] NOT NULL,
    amount_per_year_cents  bigint NOT NULL,
    status                 text NOT NULL,
    reference              text,
    submitted_at           timestamptz,
    updated_at             timestamptz NOT NULL
);
CREATE INDEX applications_by_alliance ON applications (alliance_id);
