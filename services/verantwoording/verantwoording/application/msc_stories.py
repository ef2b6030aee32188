"""Most Significant Change: stories submitted after activities, and the selection of the most significant."""

from __future__ import annotations

from uuid import uuid4

from allianties_shared.application import CommandContext
from allianties_shared.domain import Role
from verantwoording.application.access import act_on_dossier
from verantwoording.application.commands import SelectMscStories, SubmitMscStory
from verantwoording.application.ports import Dependencies
from verantwoording.domain.dossier import Dossier


async def submit_msc_story(dossier_id: str, command: SubmitMscStory, context: CommandContext, deps: Dependencies) -> str:
    """An alliance member (penvoerder or partner) submits a story on a participant's behalf; the name is sealed."""
    story_id = str(uuid4())
    teller = await deps.personal_data.seal(uuid4(), command.verteller) if command.verteller else None
    now = deps.clock()

    def decide(dossier: Dossier) -> None:
        dossier.submit_story(
            story_id, command.activiteit_id, command.partner, command.rol, teller, command.wat_veranderde,
            command.waarom_belangrijkst, command.taal, now,
        )

    await act_on_dossier(deps, context, dossier_id, decide, members=(Role.PENVOERDER, Role.PARTNER))
    return story_id


async def select_msc_stories(dossier_id: str, command: SelectMscStories, context: CommandContext, deps: Dependencies) -> Dossier:
    """The coordinator (penvoerder) or the accounthouder records the most significant stories, with reasons."""
    return await act_on_dossier(
        deps, context, dossier_id, lambda d: d.select_stories(command.halfjaar, command.keuzes),
        members=(Role.PENVOERDER,), accounthouder=True,
    )
