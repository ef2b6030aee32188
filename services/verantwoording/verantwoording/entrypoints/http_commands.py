"""HTTP API of the accountability service (``/v1``): commands. Routes only translate."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Depends, status

from allianties_shared.application import CommandContext
from allianties_shared.runtime.dependencies import command_context
from verantwoording.application import activities, msc_stories, quarterly_conversations, reports
from verantwoording.application.accounthouders import assign_accounthouder, leave_alliance
from verantwoording.application.commands import (
    AllianceNotes,
    AssignAccounthouder,
    HoldConversation,
    LeaveAlliance,
    PlanConversation,
    RecordAttendance,
    RecordPlan,
    RegisterActivity,
    ReturnReport,
    SelectMscStories,
    SubmitMscStory,
    SubmitReport,
)
from verantwoording.application.ports import Dependencies
from verantwoording.application.record_plan import record_plan
from verantwoording.application.settle_grant import settle_grant
from verantwoording.domain.dossier import Dossier
from verantwoording.entrypoints.dependencies import dependencies

router = APIRouter(prefix="/v1")
Context = Depends(command_context)
Deps = Depends(dependencies)


def _term(dossier: Dossier, term_id: str) -> dict:
    return {"dossier_id": dossier.dossier_id, **asdict(dossier.terms[term_id])}


@router.post("/allianties/{alliantie_id}/accounthouder", tags=["accounthouders"],
             summary="Assign an accounthouder, or hand over to the next (accounthouder, besluitvormer)")
async def post_accounthouder(alliantie_id: str, command: AssignAccounthouder, context: CommandContext = Context, deps: Dependencies = Deps) -> dict:
    holding = await assign_accounthouder(alliantie_id, command, context, deps)
    return {"alliantie_id": alliantie_id, "accounthouder_id": holding.current.accounthouder_id, "naam": holding.current.naam}


@router.post("/allianties/{alliantie_id}/accounthouder/vertrek", tags=["accounthouders"],
             summary="The accounthouder leaves without a successor; the alliance is flagged (accounthouder, besluitvormer)")
async def post_leave(alliantie_id: str, command: LeaveAlliance, context: CommandContext = Context, deps: Dependencies = Deps) -> dict:
    await leave_alliance(alliantie_id, command, context, deps)
    return {"alliantie_id": alliantie_id, "accounthouder_id": None}


@router.put("/dossiers/{dossier_id}/plan", tags=["dossiers"], summary="Record the activity plan and budget (penvoerder)")
async def put_plan(dossier_id: str, command: RecordPlan, context: CommandContext = Context, deps: Dependencies = Deps) -> dict:
    dossier = await record_plan(dossier_id, command, context, deps)
    return {"dossier_id": dossier_id, "activiteitenplan": dossier.plan, "begrotingsregels": len(dossier.budget)}


@router.post("/dossiers/{dossier_id}/activiteiten", status_code=status.HTTP_201_CREATED, tags=["activiteiten"],
             summary="Register an activity (alliance members)")
async def post_activity(dossier_id: str, command: RegisterActivity, context: CommandContext = Context, deps: Dependencies = Deps) -> dict:
    dossier = await activities.register_activity(dossier_id, command, context, deps)
    return {"dossier_id": dossier_id, **asdict(dossier.activities[command.activiteit_id])}


@router.post("/dossiers/{dossier_id}/activiteiten/{activiteit_id}/aanwezigheid", tags=["activiteiten"],
             summary="Record whether the accounthouder attended (accounthouder)")
async def post_attendance(
    dossier_id: str, activiteit_id: str, command: RecordAttendance, context: CommandContext = Context, deps: Dependencies = Deps
) -> dict:
    dossier = await activities.record_attendance(dossier_id, activiteit_id, command, context, deps)
    return {"dossier_id": dossier_id, **asdict(dossier.activities[activiteit_id])}


@router.post("/dossiers/{dossier_id}/msc-verhalen", status_code=status.HTTP_201_CREATED, tags=["msc"],
             summary="Submit an MSC story on a participant's behalf (alliance members)")
async def post_story(dossier_id: str, command: SubmitMscStory, context: CommandContext = Context, deps: Dependencies = Deps) -> dict:
    return {"dossier_id": dossier_id, "verhaal_id": await msc_stories.submit_msc_story(dossier_id, command, context, deps)}


@router.post("/dossiers/{dossier_id}/msc-selecties", tags=["msc"], summary="Record the most significant stories of a half-year (penvoerder, accounthouder)")
async def post_selection(dossier_id: str, command: SelectMscStories, context: CommandContext = Context, deps: Dependencies = Deps) -> dict:
    await msc_stories.select_msc_stories(dossier_id, command, context, deps)
    return {"dossier_id": dossier_id, "halfjaar": command.halfjaar, "gekozen": [c.verhaal_id for c in command.keuzes]}


@router.post("/dossiers/{dossier_id}/rapportages/{termijn_id}", tags=["rapportages"], summary="Submit (or resubmit) a report (penvoerder)")
async def post_report(dossier_id: str, termijn_id: str, command: SubmitReport, context: CommandContext = Context, deps: Dependencies = Deps) -> dict:
    return _term(await reports.submit_report(dossier_id, termijn_id, command, context, deps), termijn_id)


@router.post("/dossiers/{dossier_id}/rapportages/{termijn_id}/accepteren", tags=["rapportages"], summary="Accept a report (accounthouder)")
async def post_accept(dossier_id: str, termijn_id: str, context: CommandContext = Context, deps: Dependencies = Deps) -> dict:
    return _term(await reports.accept_report(dossier_id, termijn_id, context, deps), termijn_id)


@router.post("/dossiers/{dossier_id}/rapportages/{termijn_id}/terugsturen", tags=["rapportages"],
             summary="Return a report with comments (accounthouder)")
async def post_return(dossier_id: str, termijn_id: str, command: ReturnReport, context: CommandContext = Context, deps: Dependencies = Deps) -> dict:
    return _term(await reports.return_report(dossier_id, termijn_id, command, context, deps), termijn_id)


@router.post("/dossiers/{dossier_id}/kwartaalgesprekken/{termijn_id}/planning", tags=["kwartaalgesprekken"],
             summary="Schedule a quarterly conversation (accounthouder)")
async def post_plan_conversation(
    dossier_id: str, termijn_id: str, command: PlanConversation, context: CommandContext = Context, deps: Dependencies = Deps
) -> dict:
    return _term(await quarterly_conversations.plan_conversation(dossier_id, termijn_id, command, context, deps), termijn_id)


@router.post("/dossiers/{dossier_id}/kwartaalgesprekken/{termijn_id}/verslag", tags=["kwartaalgesprekken"],
             summary="Record notes and agreements of a held conversation (accounthouder)")
async def post_hold_conversation(
    dossier_id: str, termijn_id: str, command: HoldConversation, context: CommandContext = Context, deps: Dependencies = Deps
) -> dict:
    return _term(await quarterly_conversations.hold_conversation(dossier_id, termijn_id, command, context, deps), termijn_id)


@router.post("/dossiers/{dossier_id}/kwartaalgesprekken/{termijn_id}/notities-alliantie", tags=["kwartaalgesprekken"],
             summary="The alliance adds its own notes (alliance members)")
async def post_alliance_notes(
    dossier_id: str, termijn_id: str, command: AllianceNotes, context: CommandContext = Context, deps: Dependencies = Deps
) -> dict:
    return _term(await quarterly_conversations.add_alliance_notes(dossier_id, termijn_id, command, context, deps), termijn_id)


@router.post("/dossiers/{dossier_id}/vaststelling", tags=["vaststelling"], summary="Settle the grant and close the dossier (accounthouder)")
async def post_settlement(dossier_id: str, context: CommandContext = Context, deps: Dependencies = Deps) -> dict:
    dossier = await settle_grant(dossier_id, context, deps)
    return {"dossier_id": dossier_id, "status": dossier.status, **asdict(dossier.settlement)}
