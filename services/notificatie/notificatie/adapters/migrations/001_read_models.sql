CREATE TABLE notifications (
    notification_id  uuid PRIMARY KEY,
    alliance_id      text NOT NULL,
    recipient_role   text NOT NULL,
    template         text NOT NULL,
    cause_event_id   uuid NOT NULL,
    cause_type       text NOT NULL,
    recorded_at      timestamptz NOT NULL
);
CREATE INDEX notifications_by_alliance ON notifications (alliance_id, recorded_at);
