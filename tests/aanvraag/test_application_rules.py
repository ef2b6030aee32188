"""The application's rules through the handlers, with in-memory fakes (fast, no I/O)."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from aanvraag.application.alliance_membership import record_coordination
from aanvraag.application.application_documents import add_document, record_budget
from aanvraag.application.closing import declare_inadmissible, withdraw_application
from aanvraag.application.commands import GiveReason, RecordCoordination, RequestCompletion
from aanvraag.application.completion import complete_application, request_completion
from aanvraag.application.draft_application import draft_application
from aanvraag.application.register_alliance import register_alliance
from aanvraag.application.submit_application import submit_application
from aanvraag.domain.documents import MAX_DOCUMENT_BYTES
from allianties_shared.contracts.aanvraag import AanvraagIngediend, AanvullingGevraagd
from allianties_shared.domain import AccessDenied, NotFound, Role, RuleViolation
from allianties_shared.regulation.model import DocumentSoort
from tests.aanvraag.examples import ALLIANCE_ID, budget, document, draft, register
from tests.aanvraag.fakes import Intake, amsterdam

LEAD = Intake.as_(Role.PENVOERDER, ALLIANCE_ID)
ACCOUNTHOUDER = Intake.as_(Role.ACCOUNTHOUDER)


@pytest.fixture
async def intake() -> Intake:
    intake = Intake(amsterdam(2021, 2, 10, 10, 0))
    await register_alliance(register(), LEAD, intake.deps)
    await draft_application(draft(), LEAD, intake.deps)
    return intake


async def make_complete(intake: Intake, application_id: str = "qa-2021") -> None:
    for kind in DocumentSoort:
        await add_document(application_id, document(kind), LEAD, intake.deps)
    await record_budget(application_id, budget(), LEAD, intake.deps)


async def refused(intake: Intake, error: type[Exception], coroutine) -> Exception:
    before = list(intake.store.log)
    with pytest.raises(error) as raised:
        await coroutine
    assert intake.store.log == before, "a refused command changes nothing"
    return raised.value


async def test_a_complete_application_submitted_at_2358_on_deadline_day_gets_a_receipt(intake):
    await make_complete(intake)
    intake.at(amsterdam(2021, 3, 31, 23, 58))
    application = await submit_application("qa-2021", LEAD, intake.deps)
    assert application.status == "ingediend"
    assert application.reference.startswith("AV-2021-")
    submitted = intake.store.log[-1]
    assert submitted.name == "aanvraag-ingediend" and submitted.schema_version == 2
    assert AanvraagIngediend.model_validate(submitted.data).bedrag_per_jaar_centen == 15_000_000


async def test_a_submission_at_0001_on_the_first_of_april_is_refused_as_late(intake):
    await make_complete(intake)
    intake.at(amsterdam(2021, 4, 1, 0, 1))
    error = await refused(intake, RuleViolation, submit_application("qa-2021", LEAD, intake.deps))
    assert error.rule == "application-window"
    assert "31-03-2021" in error.message_nl and "Amsterdam time" in error.message_en


async def test_a_submission_before_the_window_opens_is_refused(intake):
    await make_complete(intake)
    intake.at(amsterdam(2021, 1, 31, 23, 59))
    assert (await refused(intake, RuleViolation, submit_application("qa-2021", LEAD, intake.deps))).rule == "application-window"


async def test_an_incomplete_application_is_refused_naming_the_missing_documents(intake):
    await add_document("qa-2021", document(DocumentSoort.THEORY_OF_CHANGE), LEAD, intake.deps)
    error = await refused(intake, RuleViolation, submit_application("qa-2021", LEAD, intake.deps))
    assert error.rule == "application-complete" and error.field == "documenten"
    assert "samenwerkingsovereenkomst" in error.message_en and "theory-of-change" not in error.message_en


async def test_an_application_without_a_budget_is_refused(intake):
    for kind in DocumentSoort:
        await add_document("qa-2021", document(kind), LEAD, intake.deps)
    assert (await refused(intake, RuleViolation, submit_application("qa-2021", LEAD, intake.deps))).rule == "application-budget-recorded"


async def test_a_second_submit_is_refused_with_the_first_reference_and_records_nothing(intake):
    await make_complete(intake)
    first = await submit_application("qa-2021", LEAD, intake.deps)
    error = await refused(intake, RuleViolation, submit_application("qa-2021", LEAD, intake.deps))
    assert error.rule == "application-submitted-once"
    assert first.reference in error.message_nl
    assert intake.names().count("aanvraag-ingediend") == 1


async def test_coordination_above_fifteen_percent_of_the_budget_is_refused(intake):
    error = await refused(intake, RuleViolation, record_budget("qa-2021", budget(10_000_000, 1_500_001), LEAD, intake.deps))
    assert error.rule == "budget-coordination-share"
    assert error.field == "jaren.0.coordinatie_centen"
    await record_budget("qa-2021", budget(10_000_000, 1_500_000), LEAD, intake.deps)


async def test_a_budget_above_the_prioritys_budget_is_refused(intake):
    error = await refused(intake, RuleViolation, record_budget("qa-2021", budget(21_000_001), LEAD, intake.deps))
    assert error.rule == "application-priority-budget"


async def test_a_draft_on_an_unknown_priority_or_round_is_refused(intake):
    error = await refused(intake, RuleViolation, draft_application(draft("other", priorities=(8,)), LEAD, intake.deps))
    assert error.rule == "application-priorities" and error.field == "prioriteiten"
    unknown_round = draft("other").model_copy(update={"ronde_id": "1999"})
    assert (await refused(intake, NotFound, draft_application(unknown_round, LEAD, intake.deps))).rule == "round-exists"


async def test_a_document_over_twenty_megabytes_is_refused(intake):
    too_big = document(DocumentSoort.BEGROTING, b"x" * (MAX_DOCUMENT_BYTES + 1))
    error = await refused(intake, RuleViolation, add_document("qa-2021", too_big, LEAD, intake.deps))
    assert error.rule == "document-size" and "20 MB" in error.message_en
    assert intake.documents.contents == {}


async def test_a_document_is_fingerprinted_and_its_content_kept_outside_the_event(intake):
    metadata = await add_document("qa-2021", document(DocumentSoort.TRACKRECORD, b"our track record"), LEAD, intake.deps)
    event = intake.store.log[-1]
    assert event.name == "document-toegevoegd"
    assert event.data["document"]["sha256"] == metadata.sha256 == hashlib.sha256(b"our track record").hexdigest()
    assert "our track record" not in str(event.data)
    assert intake.documents.contents[metadata.sha256] == b"our track record"


async def test_a_partner_may_not_submit_but_a_recorded_coordinator_may(intake):
    await make_complete(intake)
    partner = Intake.as_(Role.PARTNER, ALLIANCE_ID, actor_id="partner-papaya")
    assert (await refused(intake, AccessDenied, submit_application("qa-2021", partner, intake.deps))).rule == "alliance-lead"
    coordination = RecordCoordination(
        organisaties=["34567890"], actoren=["partner-papaya"], contactpersonen=[{"naam": "Kim", "email": "kim@example.org"}]
    )
    await record_coordination(ALLIANCE_ID, coordination, LEAD, intake.deps)
    assert (await submit_application("qa-2021", partner, intake.deps)).status == "ingediend"


async def test_another_alliance_does_not_find_the_application(intake):
    stranger = Intake.as_(Role.PENVOERDER, "een-andere-alliantie")
    assert (await refused(intake, NotFound, submit_application("qa-2021", stranger, intake.deps))).rule == "application-exists"


async def test_a_completion_request_sets_a_term_and_the_alliance_completes_within_it(intake):
    await make_complete(intake)
    await submit_application("qa-2021", LEAD, intake.deps)
    intake.at(amsterdam(2021, 4, 6, 9, 0))
    asked = await request_completion("qa-2021", RequestCompletion(reden="De begroting mist de verdeling."), ACCOUNTHOUDER, intake.deps)
    assert asked.status == "aanvulling-gevraagd" and asked.term == date(2021, 4, 20)
    assert AanvullingGevraagd.model_validate(intake.store.log[-1].data).termijn == date(2021, 4, 20)
    with pytest.raises(RuleViolation):
        await submit_application("qa-2021", LEAD, intake.deps)
    await add_document("qa-2021", document(DocumentSoort.BEGROTING, b"begroting v2"), LEAD, intake.deps)
    intake.at(amsterdam(2021, 4, 20, 23, 0))
    completed = await complete_application("qa-2021", LEAD, intake.deps)
    assert completed.status == "aangevuld"
    assert intake.names()[-3:] == ["aanvulling-gevraagd", "document-toegevoegd", "aanvraag-aangevuld"]


async def test_completing_after_the_term_is_refused(intake):
    await make_complete(intake)
    await submit_application("qa-2021", LEAD, intake.deps)
    await request_completion("qa-2021", RequestCompletion(reden="Graag aanvullen.", termijn=date(2021, 2, 20)), ACCOUNTHOUDER, intake.deps)
    intake.at(amsterdam(2021, 2, 21, 0, 1))
    assert (await refused(intake, RuleViolation, complete_application("qa-2021", LEAD, intake.deps))).rule == "completion-term"


async def test_only_the_municipality_asks_for_completion_and_only_of_a_submitted_application(intake):
    reason = RequestCompletion(reden="Graag aanvullen.")
    assert (await refused(intake, AccessDenied, request_completion("qa-2021", reason, LEAD, intake.deps))).rule == "role"
    error = await refused(intake, RuleViolation, request_completion("qa-2021", reason, ACCOUNTHOUDER, intake.deps))
    assert error.rule == "completion-request-status"


async def test_a_withdrawn_application_cannot_be_withdrawn_or_submitted_again(intake):
    await make_complete(intake)
    withdrawn = await withdraw_application("qa-2021", GiveReason(reden="Alliantie valt uiteen."), LEAD, intake.deps)
    assert withdrawn.status == "ingetrokken"
    assert (await refused(intake, RuleViolation, withdraw_application("qa-2021", GiveReason(reden="Nogmaals."), LEAD, intake.deps))).rule == "application-open"
    assert (await refused(intake, RuleViolation, submit_application("qa-2021", LEAD, intake.deps))).rule == "application-submittable"


async def test_the_municipality_declares_a_submitted_application_inadmissible_with_a_reason(intake):
    reason = GiveReason(reden="Geen alliantie: de partners zijn één organisatie.")
    assert (await refused(intake, RuleViolation, declare_inadmissible("qa-2021", reason, ACCOUNTHOUDER, intake.deps))).rule == "inadmissible-status"
    await make_complete(intake)
    await submit_application("qa-2021", LEAD, intake.deps)
    assert (await refused(intake, AccessDenied, declare_inadmissible("qa-2021", reason, LEAD, intake.deps))).rule == "role"
    declared = await declare_inadmissible("qa-2021", reason, ACCOUNTHOUDER, intake.deps)
    assert declared.status == "niet-ontvankelijk"
    assert intake.store.log[-1].data["reden"] == reason.reden


async def test_documents_cannot_change_after_submission(intake):
    await make_complete(intake)
    await submit_application("qa-2021", LEAD, intake.deps)
    error = await refused(intake, RuleViolation, add_document("qa-2021", document(DocumentSoort.BEGROTING), LEAD, intake.deps))
    assert error.rule == "application-editable"


async def test_a_new_round_is_configuration_only_its_own_window_applies():
    intake = Intake(amsterdam(2023, 10, 31, 23, 59))
    await register_alliance(register(), LEAD, intake.deps)
    await draft_application(draft("qa-2024").model_copy(update={"ronde_id": "2024"}), LEAD, intake.deps)
    await make_complete(intake, "qa-2024")
    application = await submit_application("qa-2024", LEAD, intake.deps)
    assert application.reference.startswith("AV-2024-")
    intake.at(amsterdam(2021, 3, 15, 12, 0))
    await draft_application(draft("qa-2024-b").model_copy(update={"ronde_id": "2024"}), LEAD, intake.deps)
    await make_complete(intake, "qa-2024-b")
    assert (await refused(intake, RuleViolation, submit_application("qa-2024-b", LEAD, intake.deps))).rule == "application-window"
