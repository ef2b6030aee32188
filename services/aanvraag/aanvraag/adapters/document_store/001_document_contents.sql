-- Primary data, not a read model: document bytes cannot be rebuilt from events, so this table is
-- migrated apart from the read models (which a rebuild recreates from scratch).
CREATE TABLE document_contents (
    sha256   char(64) PRIMARY KEY,
    content  bytea NOT NULL
);
