from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from allianties_shared.settings import ServiceSettings


class NotificatieSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="NOTIFICATIE_", extra="ignore")

    database_url: str = "postgresql://postgres@127.0.0.1:5432/notificatie"
    http_port: int = 8004
    aanvraag_url: str = Field(default="http://127.0.0.1:8001", description="where contact persons' addresses are resolved")
    staff_directory: str = Field(default="", description="YAML file of accounthouders: id -> naam, email, taal")
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_starttls: bool = False
    mail_from: str = "Gemeente Amsterdam <allianties@amsterdam.nl>"
    reminder_days: list[int] = Field(default=[14, 3], description="days before a deadline that a reminder comes")
    reminder_hour: int = Field(default=19, ge=0, le=23, description="Amsterdam time; volunteers read mail in the evening")
    quiet_from: int = Field(default=22, ge=0, le=23)
    quiet_until: int = Field(default=8, ge=0, le=23)
    delivery_backoff_seconds: float = Field(default=1.0, gt=0)
    delivery_backoff_cap_seconds: float = Field(default=300.0, gt=0)
    delivery_max_attempts: int = Field(default=10, ge=1)
    delivery_timeout_seconds: float = Field(default=5.0, gt=0)
    tick_seconds: float = Field(default=1.0, gt=0, description="how often mail, reminders and deliveries are looked at")
    lease_seconds: float = Field(
        default=60.0, gt=0, description="how long an instance's claim on a mail or a delivery lane holds; longer than a send may take"
    )
    mail_backoff_seconds: float = Field(default=30.0, gt=0, description="first wait before a mail that could not be sent is tried again")
    mail_backoff_cap_seconds: float = Field(default=3600.0, gt=0)
    unsendable_after_seconds: float = Field(
        default=86_400.0, gt=0, description="an unknown or unresolvable recipient is given up on after this long: bericht-niet-verzonden"
    )
