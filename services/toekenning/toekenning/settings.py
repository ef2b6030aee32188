from pydantic_settings import SettingsConfigDict

from allianties_shared.settings import ServiceSettings


class ToekenningSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="TOEKENNING_", extra="ignore")

    database_url: str = "postgresql://postgres@127.0.0.1:5432/toekenning"
    http_port: int = 8002
