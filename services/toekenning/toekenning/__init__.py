"""toekenning: assessment of applications and grant decisions."""

SERVICE = "toekenning"
