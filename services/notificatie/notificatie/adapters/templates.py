"""Message texts: ``templates/<taal>/<sjabloon>.txt``, a ``Subject:`` line, a blank line, the body.

``string.Template`` placeholders (``${referentie}``) are filled from the causing event's data and the
deadline; a placeholder without a value stays visible rather than failing the message.
"""

from __future__ import annotations

from pathlib import Path
from string import Template
from typing import Any

TEMPLATE_DIR = Path(__file__).parent / "templates"
LANGUAGES = ("nl", "en")


class MissingTemplate(LookupError):
    pass


class FileTemplates:
    def __init__(self, directory: Path = TEMPLATE_DIR) -> None:
        self.directory = directory

    def path(self, template: str, language: str) -> Path:
        return self.directory / language / f"{template}.txt"

    def render(self, template: str, language: str, variables: dict[str, Any]) -> tuple[str, str]:
        path = self.path(template, language)
        if not path.exists():
            raise MissingTemplate(f"template {template} has no {language} text")
        head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        subject = head.removeprefix("Subject:").strip()
        values = {k: str(v) for k, v in variables.items()}
        return Template(subject).safe_substitute(values), Template(body).safe_substitute(values)
