"""aanvraag: intake of alliances and their applications."""

SERVICE = "aanvraag"
