CREATE TABLE assessments (
    assessment_id          text PRIMARY KEY,
    application_id         text NOT NULL,
    alliance_id            text NOT NULL,
    priority               integer NOT NULL,
    requested_cents        bigint NOT NULL,
    status                 text NOT NULL,
    granted_cents          bigint,
    period_start           date,
    period_end             date,
    motivation             text,
    referral               text,
    updated_at             timestamptz NOT NULL
);
CREATE INDEX assessments_by_alliance ON assessments (alliance_id);
