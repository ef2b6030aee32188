-- Who a message is for is decided when it is recorded: the people holding the role then (or, when
-- nobody did yet, the first to take it), so a successor does not receive a predecessor's mail.
CREATE TABLE message_recipients (
    notification_id  uuid NOT NULL,
    person_id        text NOT NULL,
    PRIMARY KEY (notification_id, person_id)
);
INSERT INTO message_recipients (notification_id, person_id)
SELECT n.notification_id, r.person_id FROM notifications n
JOIN recipients r ON r.alliance_id = n.alliance_id AND r.role = n.recipient_role
ON CONFLICT DO NOTHING;
