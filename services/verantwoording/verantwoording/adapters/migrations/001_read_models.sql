CREATE TABLE dossiers (
    dossier_id      text PRIMARY KEY,
    alliance_id     text NOT NULL,
    assessment_id   text NOT NULL,
    application_id  text NOT NULL,
    amount_cents    bigint NOT NULL,
    period_start    date NOT NULL,
    period_end      date NOT NULL,
    status          text NOT NULL,
    opened_at       timestamptz NOT NULL
);
CREATE INDEX dossiers_by_alliance ON dossiers (alliance_id);
