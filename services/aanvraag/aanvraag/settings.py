from pydantic_settings import SettingsConfigDict

from allianties_shared.settings import ServiceSettings


class AanvraagSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="AANVRAAG_", extra="ignore")

    database_url: str = "postgresql://postgres@127.0.0.1:5432/aanvraag"
    http_port: int = 8001
