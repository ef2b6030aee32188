"""notificatie: messages to people and event subscriptions for other municipal systems."""

SERVICE = "notificatie"
