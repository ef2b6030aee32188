"""Every message exists in Dutch and English; every notified event type exists."""

from __future__ import annotations

import pytest

from allianties_shared.contracts import REGISTRIES
from notificatie.adapters.templates import LANGUAGES, TEMPLATE_DIR, FileTemplates, MissingTemplate
from notificatie.domain.notified_events import NOTIFIED_EVENTS, all_templates


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template", sorted(all_templates()))
def test_every_template_exists_in_both_languages_with_a_subject_and_a_body(template, language):
    subject, body = FileTemplates().render(template, language, {"naam": "Sam"})
    assert subject and "\n" not in subject
    assert "Sam" in body


def test_a_template_missing_in_one_language_is_an_error(tmp_path):
    (tmp_path / "nl").mkdir()
    (tmp_path / "nl" / "alleen-nl.txt").write_text("Subject: Hallo\n\nBeste ${naam}\n", encoding="utf-8")
    templates = FileTemplates(tmp_path)
    assert templates.render("alleen-nl", "nl", {"naam": "Sam"}) == ("Hallo", "Beste Sam\n")
    with pytest.raises(MissingTemplate):
        templates.render("alleen-nl", "en", {"naam": "Sam"})


def test_no_template_file_is_left_without_its_other_language():
    names = {language: {p.stem for p in (TEMPLATE_DIR / language).glob("*.txt")} for language in LANGUAGES}
    assert names["nl"] == names["en"] == all_templates()


def test_every_notified_event_type_is_published_by_some_service():
    published = {model.name for registry in REGISTRIES.values() for model in registry}
    assert set(NOTIFIED_EVENTS) <= published


def test_placeholders_are_filled_from_the_event_and_a_missing_one_stays_visible():
    subject, body = FileTemplates().render("subsidie-verleend", "en", {"naam": "Sam", "beschikking_nummer": "BS-1"})
    assert subject == "Grant awarded: decision BS-1"
    assert "${bedrag_euro}" in body
