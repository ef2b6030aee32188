-- Claims, so that N instances never send the same mail or the same delivery at once. A claim is a
-- lease: it lapses at leased_until (database time), and only its holder (lease_owner) may record.

-- One lane per subscription and stream: its holder delivers that stream's events in order.
CREATE TABLE delivery_leases (
    subscription_id  uuid NOT NULL,
    stream           text NOT NULL,
    lease_owner      text NOT NULL,
    leased_until     timestamptz NOT NULL,
    PRIMARY KEY (subscription_id, stream)
);

-- One mail to one person; a failed try waits until next_attempt_at (the service's clock), and
-- after long enough it is recorded as unsendable. Settled once its outcome is recorded.
CREATE TABLE message_claims (
    notification_id  uuid NOT NULL,
    person_id        text NOT NULL,
    lease_owner      text,
    leased_until     timestamptz,
    attempts         int NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz,
    first_failed_at  timestamptz,
    last_reason      text,
    settled          boolean NOT NULL DEFAULT false,
    PRIMARY KEY (notification_id, person_id)
);
CREATE INDEX message_claims_waiting ON message_claims (next_attempt_at) WHERE NOT settled;
