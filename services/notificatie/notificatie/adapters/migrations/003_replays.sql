-- Events a catch-up offers again, also those from before the subscription's start position.
CREATE TABLE replays (
    subscription_id  uuid NOT NULL,
    event_id         uuid NOT NULL,
    PRIMARY KEY (subscription_id, event_id)
);
