from pydantic_settings import SettingsConfigDict

from allianties_shared.settings import ServiceSettings


class VerantwoordingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="VERANTWOORDING_", extra="ignore")

    database_url: str = "postgresql://postgres@127.0.0.1:5432/verantwoording"
    http_port: int = 8003
