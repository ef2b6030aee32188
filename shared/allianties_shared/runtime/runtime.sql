-- The running service's own bookkeeping: its settable clock and its live instances (not events, not read models).

-- The settable clock (ALLIANTIES_SETTABLE_CLOCK): one row, the moment it was set to and when (the
-- setter's system time); every instance runs at set_to + (now - set_at). PUT /ops/clock writes it
-- and notifies 'service_clock' with the offset in microseconds.
CREATE TABLE service_clock (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    set_to timestamptz NOT NULL,
    set_at timestamptz NOT NULL
);

-- Every running instance of the service, refreshed by its heartbeat; a row not seen for three
-- heartbeats is stale. relay_backend / tickers_backend: the PostgreSQL backend of the connection on
-- which the instance holds (or last held) the relay or ticker lock, to be checked against pg_locks.
CREATE TABLE service_instances (
    id text PRIMARY KEY,
    pid integer NOT NULL,
    host text NOT NULL,
    started_at timestamptz NOT NULL,
    last_seen timestamptz NOT NULL,
    relay_backend integer,
    tickers_backend integer
);
