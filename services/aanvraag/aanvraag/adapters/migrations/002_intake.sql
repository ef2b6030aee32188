ALTER TABLE alliances ADD COLUMN coordination jsonb NOT NULL DEFAULT '{"organisaties": [], "actoren": []}';
ALTER TABLE alliances ADD COLUMN former_partners jsonb NOT NULL DEFAULT '[]';

ALTER TABLE applications ADD COLUMN documents jsonb NOT NULL DEFAULT '{}';
ALTER TABLE applications ADD COLUMN budget jsonb;
ALTER TABLE applications ADD COLUMN term date;
ALTER TABLE applications ADD COLUMN reason text;
CREATE INDEX applications_by_status ON applications (status);
CREATE INDEX applications_by_priority ON applications USING gin (priorities);

CREATE TABLE contact_persons (
    person_id    text PRIMARY KEY,
    alliance_id  text NOT NULL,
    role         text NOT NULL,
    name         jsonb NOT NULL,
    email        jsonb NOT NULL,
    language     text NOT NULL,
    current      boolean NOT NULL DEFAULT true
);
CREATE INDEX contact_persons_by_alliance ON contact_persons (alliance_id);

CREATE TABLE documents (
    document_id     text PRIMARY KEY,
    owner_id        text NOT NULL,
    alliance_id     text NOT NULL,
    kind            text NOT NULL,
    title           text NOT NULL,
    language        text NOT NULL,
    size_bytes      bigint NOT NULL,
    sha256          char(64) NOT NULL,
    added_at        timestamptz NOT NULL
);
CREATE INDEX documents_by_owner ON documents (owner_id);

CREATE TABLE concepts (
    round_id      text NOT NULL,
    alliance_id   text NOT NULL,
    document      jsonb NOT NULL,
    handed_in_at  timestamptz NOT NULL,
    feedback      text,
    feedback_at   timestamptz,
    PRIMARY KEY (round_id, alliance_id)
);

CREATE TABLE alliance_history (
    event_id     uuid PRIMARY KEY,
    position     bigint NOT NULL,
    alliance_id  text NOT NULL,
    stream_id    text NOT NULL,
    version      integer NOT NULL,
    event_type   text NOT NULL,
    actor_role   text NOT NULL,
    recorded_at  timestamptz NOT NULL,
    data         jsonb NOT NULL
);
CREATE INDEX alliance_history_by_alliance ON alliance_history (alliance_id, position);
