-- Idempotency-Key: the first answer to a write, kept for the retention window and replayed to a retry.
-- Primary data of the service (never a read model); written in the transaction of the command's events.
CREATE TABLE IF NOT EXISTS idempotency_keys (
    scope       text        NOT NULL,  -- the caller: role and token subject, or a hash of an unknown Authorization
    key         text        NOT NULL,
    fingerprint char(64)    NOT NULL,  -- SHA-256 of method, path and body: the same key for another request is refused
    status      smallint    NOT NULL,
    headers     jsonb       NOT NULL,
    body        bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    PRIMARY KEY (scope, key)
);

CREATE INDEX IF NOT EXISTS idempotency_keys_expiry ON idempotency_keys (expires_at);
