ALTER TABLE assessments ADD COLUMN settled_cents bigint;
