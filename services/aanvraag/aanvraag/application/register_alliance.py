from __future__ import annotations

from uuid import uuid4

from aanvraag.application.commands import ContactPersonInput, RegisterAlliance
from aanvraag.application.ports import Dependencies
from aanvraag.domain.alliance import Alliance, stream_id
from allianties_shared.application import CommandContext
from allianties_shared.contracts.common import Contactpersoon
from allianties_shared.domain import Role


async def seal_contact(deps: Dependencies, given: ContactPersonInput) -> Contactpersoon:
    """A new contact person: name and e-mail sealed with the person's own key before any event sees them."""
    person = uuid4()
    return Contactpersoon(
        persoon_id=str(person),
        naam=await deps.personal_data.seal(person, given.naam),
        email=await deps.personal_data.seal(person, str(given.email)),
        taal=given.taal,
    )


async def register_alliance(command: RegisterAlliance, context: CommandContext, deps: Dependencies) -> Alliance:
    """A penvoerder registers the alliance it acts for; the contact person's data is sealed first."""
    context.actor.require_role(Role.PENVOERDER)
    context.actor.require_alliance(command.alliantie_id)
    contact = await seal_contact(deps, command.contactpersoon)
    alliance, _ = await deps.repository.execute(
        deps.store,
        Alliance,
        stream_id(command.alliantie_id),
        context,
        lambda a: a.register(
            command.alliantie_id, command.naam, command.penvoerder, command.partners, contact, deps.regulation.minimum_partners
        ),
    )
    return alliance
