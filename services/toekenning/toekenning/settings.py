from pydantic import Field
from pydantic_settings import SettingsConfigDict

from allianties_shared.settings import ServiceSettings


class ToekenningSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="TOEKENNING_", extra="ignore")

    database_url: str = "postgresql://postgres@127.0.0.1:5432/toekenning"
    http_port: int = 8002
    deadline_warning_days: int = Field(default=14, ge=0, description="flag a decision this many days before its deadline")
    decision_term_days: int = Field(
        default=56, gt=0, description="decision deadline after submission when the regulation does not know the round"
    )
