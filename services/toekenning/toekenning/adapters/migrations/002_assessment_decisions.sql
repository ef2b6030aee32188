ALTER TABLE assessments
    ADD COLUMN round_id text,
    ADD COLUMN deadline date,
    ADD COLUMN paused boolean NOT NULL DEFAULT false,
    ADD COLUMN flagged boolean NOT NULL DEFAULT false,
    ADD COLUMN end_cause text,
    ADD COLUMN beschikking_number text,
    ADD COLUMN intends_extension boolean,
    ADD COLUMN max_coordination_percent integer,
    ADD COLUMN obligations jsonb,
    ADD COLUMN advances jsonb,
    ADD COLUMN decided_on date,
    ADD COLUMN objection_until date,
    ADD COLUMN objection_grounds text,
    ADD COLUMN objection_outcome text,
    ADD COLUMN objection_motivation text,
    ADD COLUMN amendment_reason text,
    ADD COLUMN extension jsonb;
CREATE INDEX assessments_by_round_priority ON assessments (round_id, priority);

CREATE TABLE panel_members (
    round_id     text NOT NULL,
    priority     integer NOT NULL,
    assessor_id  text NOT NULL,
    PRIMARY KEY (round_id, priority, assessor_id)
);

CREATE TABLE conflicts (
    assessment_id  text NOT NULL,
    assessor_id    text NOT NULL,
    explanation    text NOT NULL,
    PRIMARY KEY (assessment_id, assessor_id)
);

CREATE TABLE scores (
    assessment_id  text NOT NULL,
    assessor_id    text NOT NULL,
    criterion      text NOT NULL,
    score          integer NOT NULL,
    motivation     text NOT NULL,
    PRIMARY KEY (assessment_id, assessor_id, criterion)
);

CREATE TABLE budget_commitments (
    assessment_id  text PRIMARY KEY,
    round_id       text NOT NULL,
    priority       integer NOT NULL,
    alliance_id    text NOT NULL,
    cents          bigint NOT NULL
);

CREATE TABLE unfunded_priorities (
    round_id    text NOT NULL,
    priority    integer NOT NULL,
    motivation  text NOT NULL,
    PRIMARY KEY (round_id, priority)
);
