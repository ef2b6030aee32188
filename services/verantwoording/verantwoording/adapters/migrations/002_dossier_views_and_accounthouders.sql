-- The dossier as its read model shows it (schedule, activities, MSC, reports, money), rebuilt from its events.
ALTER TABLE dossiers ADD COLUMN beschikking_nummer text;
ALTER TABLE dossiers ADD COLUMN next_due date;
ALTER TABLE dossiers ADD COLUMN late_count integer NOT NULL DEFAULT 0;
ALTER TABLE dossiers ADD COLUMN view jsonb;

-- Who is each alliance's accounthouder, since when, its history; and alliances left without one.
CREATE TABLE accountholders (
    alliance_id       text PRIMARY KEY,
    accounthouder_id  text,
    name              text,
    since             timestamptz,
    without_since     timestamptz,
    history           jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX accountholders_without ON accountholders (without_since) WHERE without_since IS NOT NULL;
CREATE INDEX accountholders_by_accounthouder ON accountholders (accounthouder_id);
