"""The dossier's rules, on the aggregate alone (no I/O): each broken rule names itself and records nothing."""

from __future__ import annotations

from datetime import date

import pytest

from allianties_shared.contracts.toekenning import Voorschot
from allianties_shared.contracts.verantwoording import Begrotingsregel, Besteding, MscKeuze, Voortgang
from allianties_shared.domain import NotFound, RuleViolation
from tests.verantwoording.builders import BUDGET, PLAN, at, opened_dossier

PROGRESS = [Voortgang(onderdeel=item, toelichting="loopt") for item in PLAN]


def refused(rule: str, action) -> RuleViolation:
    with pytest.raises((RuleViolation, NotFound)) as caught:
        action()
    assert caught.value.rule == rule
    assert caught.value.message_nl and caught.value.message_en and caught.value.message_nl != caught.value.message_en
    return caught.value


def planned():
    dossier = opened_dossier()
    dossier.record_plan(PLAN, BUDGET)
    dossier.collect_pending()
    return dossier


def test_opening_records_the_beschikking_and_its_schedule_once():
    dossier = opened_dossier()
    _, events = dossier.collect_pending()
    assert [e.name for e in events] == ["dossier-geopend", "verantwoordingsschema-vastgesteld"]
    assert len(dossier.terms) == 7


def test_a_budget_above_the_grant_is_refused_naming_the_field():
    dossier = opened_dossier()
    dossier.collect_pending()
    error = refused("budget-within-grant", lambda: dossier.record_plan(PLAN, [*BUDGET, Begrotingsregel(partner="X", post="y", bedrag_centen=1)]))
    assert error.field == "begroting"
    assert dossier.collect_pending()[1] == []


def test_a_coordination_share_above_the_maximum_of_the_beschikking_is_refused():
    dossier = opened_dossier()
    too_much = [Begrotingsregel(partner="COC Amsterdam", post="coordinatie", bedrag_centen=2_700_001, coordinatie=True)]
    assert refused("coordination-share-maximum", lambda: dossier.record_plan(PLAN, too_much)).field == "begroting"


def test_an_activity_outside_the_period_or_registered_twice_is_refused():
    dossier = planned()
    refused("activity-in-period", lambda: dossier.register_activity("a1", "Debat", date(2022, 6, 1), "OBA", ["Papaya Kuir"], None, False))
    dossier.register_activity("a1", "Debat", date(2021, 7, 1), "OBA", ["Papaya Kuir"], "Pride-debatten", True)
    refused("activity-registered-once", lambda: dossier.register_activity("a1", "Debat", date(2021, 7, 1), "OBA", ["X"], None, False))
    refused("activity-on-plan", lambda: dossier.register_activity("a2", "Debat", date(2021, 7, 1), "OBA", ["X"], "Onbekend", False))


def test_attendance_needs_an_invitation_and_a_past_activity():
    dossier = planned()
    dossier.register_activity("a1", "Debat", date(2021, 7, 1), "OBA", ["Papaya Kuir"], None, True)
    dossier.register_activity("a2", "Borrel", date(2021, 7, 2), "OBA", ["Papaya Kuir"], None, False)
    refused("activity-took-place", lambda: dossier.record_attendance("a1", "ah-1", True, at(2021, 6, 30)))
    refused("activity-accounthouder-invited", lambda: dossier.record_attendance("a2", "ah-1", True, at(2021, 7, 3)))
    refused("activity-exists", lambda: dossier.record_attendance("a9", "ah-1", True, at(2021, 7, 3)))
    dossier.record_attendance("a1", "ah-1", True, at(2021, 7, 1))
    assert dossier.activities["a1"].aanwezig is True


def test_an_msc_story_comes_from_a_partner_involved_and_is_selected_within_its_half_year():
    dossier = planned()
    dossier.register_activity("a1", "Debat", date(2021, 7, 1), "OBA", ["Papaya Kuir"], None, False)
    story = dict(role="deelnemer", teller=None, changed="Ik durf te praten", why="Voor het eerst", language="nl", now=at(2021, 7, 2))
    assert refused("msc-partner-involved", lambda: dossier.submit_story("s0", "a1", "COC Amsterdam", **story)).field == "partner"
    dossier.submit_story("s1", "a1", "Papaya Kuir", **story)
    assert dossier.stories["s1"].halfjaar == 1
    refused("msc-story-in-half-year", lambda: dossier.select_stories(2, [MscKeuze(verhaal_id="s1", reden="raakt")]))
    dossier.select_stories(1, [MscKeuze(verhaal_id="s1", reden="raakt de kern")])
    assert dossier.stories["s1"].geselecteerd and dossier.stories["s1"].reden_selectie == "raakt de kern"


def test_a_report_is_submitted_after_its_half_year_with_progress_on_every_plan_item_and_spending_on_budget_lines():
    dossier = planned()
    refused("report-after-period", lambda: dossier.submit_report("halfjaar-1", PROGRESS, [], [], at(2021, 11, 30)))
    refused("progress-per-plan-item", lambda: dossier.submit_report("halfjaar-1", PROGRESS[:1], [], [], at(2021, 12, 2)))
    off = [Besteding(partner="Papaya Kuir", post="reiskosten", besteed_centen=10)]
    assert refused("spending-on-budget-line", lambda: dossier.submit_report("halfjaar-1", PROGRESS, [], off, at(2021, 12, 2))).field == "financien"
    coordination = [Besteding(partner="COC Amsterdam", post="coordinatie", besteed_centen=2_700_001)]
    refused("coordination-share-maximum", lambda: dossier.submit_report("halfjaar-1", PROGRESS, [], coordination, at(2021, 12, 2)))
    refused("report-term-exists", lambda: dossier.submit_report("kwartaal-1", PROGRESS, [], [], at(2021, 12, 2)))
    refused("msc-story-exists", lambda: dossier.submit_report("halfjaar-1", PROGRESS, ["nope"], [], at(2021, 12, 2)))
    dossier.submit_report("halfjaar-1", PROGRESS, [], [], at(2021, 12, 2))
    assert dossier.terms["halfjaar-1"].status == "ingediend" and not dossier.terms["halfjaar-1"].ingediend_te_laat


def test_a_returned_report_is_resubmitted_and_accepted():
    dossier = planned()
    refused("report-awaiting-review", lambda: dossier.accept_report("halfjaar-1"))
    dossier.submit_report("halfjaar-1", PROGRESS, [], [], at(2021, 12, 2))
    dossier.return_report("halfjaar-1", "Graag per partner uitsplitsen")
    refused("report-awaiting-review", lambda: dossier.return_report("halfjaar-1", "nog eens"))
    dossier.submit_report("halfjaar-1", PROGRESS, [], [], at(2021, 12, 10))
    refused("report-submitted-once", lambda: dossier.submit_report("halfjaar-1", PROGRESS, [], [], at(2021, 12, 11)))
    dossier.accept_report("halfjaar-1")
    assert dossier.terms["halfjaar-1"].status == "geaccepteerd"
    assert dossier.terms["halfjaar-1"].opmerkingen == ["Graag per partner uitsplitsen"]


def test_an_overdue_item_is_flagged_once_and_a_late_report_carries_its_term():
    dossier = planned()
    dossier.flag_overdue(at(2021, 12, 30, 22))  # 23:00 in Amsterdam on the last day: not late yet
    assert not dossier.terms["halfjaar-1"].te_laat
    dossier.flag_overdue(at(2022, 1, 1))
    dossier.flag_overdue(at(2022, 1, 2))
    _, events = dossier.collect_pending()
    flagged = [e.termijn_id for e in events if e.name == "termijn-overschreden"]
    assert flagged == ["kwartaal-1", "kwartaal-2", "halfjaar-1"]
    dossier.submit_report("halfjaar-1", PROGRESS, [], [], at(2022, 1, 10))
    assert dossier.terms["halfjaar-1"].ingediend_te_laat is True


def test_a_quarterly_conversation_is_planned_then_held_then_annotated_by_the_alliance():
    dossier = planned()
    refused("conversation-planned", lambda: dossier.hold_conversation("kwartaal-1", "notes", [], at(2021, 8, 1)))
    refused("conversation-held", lambda: dossier.add_alliance_notes("kwartaal-1", "onze kant"))
    refused("conversation-in-its-quarter", lambda: dossier.plan_conversation("kwartaal-2", date(2021, 8, 1)))
    dossier.plan_conversation("kwartaal-1", date(2021, 8, 15))
    refused("conversation-date-reached", lambda: dossier.hold_conversation("kwartaal-1", "notes", [], at(2021, 8, 14)))
    dossier.hold_conversation("kwartaal-1", "Goed gesprek", ["MSC-formulier korter"], at(2021, 8, 15))
    dossier.add_alliance_notes("kwartaal-1", "Wij willen meer ruimte voor Pride")
    refused("conversation-held-once", lambda: dossier.plan_conversation("kwartaal-1", date(2021, 8, 20)))
    assert dossier.terms["kwartaal-1"].notities_alliantie == "Wij willen meer ruimte voor Pride"


def test_settlement_needs_every_report_accepted_then_reclaims_what_was_not_spent_and_closes_the_dossier():
    dossier = planned()
    refused("reports-accepted", lambda: dossier.settle())
    spent = [Besteding(partner="Papaya Kuir", post="activiteiten", besteed_centen=4_000_000)]
    for term, when in (("halfjaar-1", at(2021, 12, 2)), ("halfjaar-2", at(2022, 6, 2)), ("eindverslag", at(2022, 6, 2))):
        dossier.submit_report(term, PROGRESS, [], spent, when)
        dossier.accept_report(term)
    dossier.settle()
    assert dossier.settlement.vastgesteld_bedrag_centen == 12_000_000
    assert dossier.settlement.verschil_centen == 12_000_000 - 18_000_000
    assert dossier.settlement.uitkomst == "terugvordering"
    assert dossier.status == "gesloten"
    refused("dossier-open", lambda: dossier.plan_conversation("kwartaal-4", date(2022, 5, 1)))


def test_an_amendment_moves_the_end_and_the_schedule_and_an_extension_adds_a_year():
    dossier = planned()
    dossier.plan_conversation("kwartaal-1", date(2021, 8, 1))
    dossier.amend(12_000_000, date(2022, 2, 28), "Eerder gestopt", [Voorschot(datum=date(2021, 6, 1), bedrag_centen=9_000_000)], 30)
    assert dossier.periode_eind == date(2022, 2, 28)
    assert dossier.terms["eindverslag"].uiterlijk == date(2022, 3, 30)
    assert "kwartaal-4" not in dossier.terms and dossier.terms["kwartaal-1"].status == "gepland"
    assert dossier.toegekend_totaal_centen == 9_000_000
    dossier.extend("BS-2", date(2022, 3, 1), date(2023, 2, 28), 12_000_000, [Voorschot(datum=date(2022, 3, 1), bedrag_centen=12_000_000)], 30)
    assert dossier.toegekend_totaal_centen == 21_000_000
    assert dossier.terms["halfjaar-4"].tot == date(2023, 2, 28)
    assert sum(v.bedrag_centen for v in dossier.voorschotten) == 21_000_000
