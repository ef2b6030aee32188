"""Activities, the accounthouder's attendance, and the Most Significant Change stories collected after them."""

from __future__ import annotations

from datetime import date, datetime

from allianties_shared.contracts.verantwoording import (
    AanwezigheidVastgelegd,
    ActiviteitGeregistreerd,
    MscKeuze,
    MscSelectieVastgelegd,
    MscVerhaalIngediend,
)
from allianties_shared.domain.personal_data import Sealed
from verantwoording.domain.rules import missing, refuse, today
from verantwoording.domain.schedule import half_year_of
from verantwoording.domain.state import Activity, Story


class ActivitiesPart:
    """Mixed into ``Dossier``: the commands and state about activities and MSC stories."""

    def register_activity(
        self, activity_id: str, title: str, day: date, place: str, partners: list[str], plan_item: str | None, invite: bool
    ) -> None:
        self.require_open()
        if activity_id in self.activities:
            raise refuse("activity-registered-once", f"Activiteit {activity_id} is al geregistreerd.",
                         f"Activity {activity_id} is already registered.", "activiteit_id")
        if not self.periode_start <= day <= self.periode_eind:
            raise refuse("activity-in-period", f"De activiteit valt buiten de subsidieperiode ({self.periode_start} - {self.periode_eind}).",
                         f"The activity falls outside the grant period ({self.periode_start} - {self.periode_eind}).", "datum")
        if plan_item is not None and self.plan and plan_item not in self.plan:
            raise refuse("activity-on-plan", f"'{plan_item}' staat niet in het activiteitenplan.",
                         f"'{plan_item}' is not in the activity plan.", "onderdeel")
        self._record(ActiviteitGeregistreerd(
            **self._ids(), activiteit_id=activity_id, titel=title, datum=day, plaats=place, partners=partners,
            onderdeel=plan_item, accounthouder_uitgenodigd=invite,
        ))

    def _took_place(self, activity_id: str, now: datetime, field: str) -> Activity:
        activity = self.activities.get(activity_id)
        if activity is None:
            raise missing("activity-exists", "Activiteit", "Activity", activity_id, field)
        if today(now) < activity.datum:
            raise refuse("activity-took-place", f"Activiteit {activity_id} heeft nog niet plaatsgevonden ({activity.datum}).",
                         f"Activity {activity_id} has not taken place yet ({activity.datum}).", field)
        return activity

    def record_attendance(self, activity_id: str, accounthouder_id: str, attended: bool, now: datetime) -> None:
        self.require_open()
        activity = self._took_place(activity_id, now, "activiteit_id")
        if not activity.accounthouder_uitgenodigd:
            raise refuse("activity-accounthouder-invited", "De accounthouder was niet uitgenodigd voor deze activiteit.",
                         "The accounthouder was not invited to this activity.", "aanwezig")
        self._record(AanwezigheidVastgelegd(**self._ids(), activiteit_id=activity_id, accounthouder_id=accounthouder_id, aanwezig=attended))

    def submit_story(
        self, story_id: str, activity_id: str, partner: str, role: str, teller: Sealed | None,
        changed: str, why: str, language: str, now: datetime,
    ) -> None:
        self.require_open()
        activity = self._took_place(activity_id, now, "activiteit_id")
        if partner not in activity.partners:
            raise refuse("msc-partner-involved", f"{partner} was geen partner bij deze activiteit ({', '.join(activity.partners)}).",
                         f"{partner} was not a partner in this activity ({', '.join(activity.partners)}).", "partner")
        self._record(MscVerhaalIngediend(
            **self._ids(), verhaal_id=story_id, activiteit_id=activity_id, halfjaar=half_year_of(self.periode_start, activity.datum),
            partner=partner, rol=role, verteller=teller, wat_veranderde=changed, waarom_belangrijkst=why, taal=language,
        ))

    def select_stories(self, half_year: int, choices: list[MscKeuze]) -> None:
        self.require_open()
        if len({c.verhaal_id for c in choices}) != len(choices):
            raise refuse("msc-selection-unique", "Een verhaal wordt één keer gekozen.", "A story is chosen once.", "keuzes")
        for choice in choices:
            story = self.stories.get(choice.verhaal_id)
            if story is None or story.halfjaar != half_year:
                raise refuse("msc-story-in-half-year", f"Verhaal {choice.verhaal_id} is niet verzameld in halfjaar {half_year}.",
                             f"Story {choice.verhaal_id} was not collected in half-year {half_year}.", "keuzes")
        self._record(MscSelectieVastgelegd(**self._ids(), halfjaar=half_year, keuzes=choices))

    def partners_known(self) -> list[str]:
        """The alliance's partners as the dossier knows them: from the budget and from activities."""
        names = {line.partner for line in self.budget} | {p for a in self.activities.values() for p in a.partners}
        return sorted(names)

    def _on_ActiviteitGeregistreerd(self, e: ActiviteitGeregistreerd) -> None:
        self.activities[e.activiteit_id] = Activity(
            e.activiteit_id, e.titel, e.datum, e.plaats, list(e.partners), e.onderdeel, e.accounthouder_uitgenodigd
        )

    def _on_AanwezigheidVastgelegd(self, e: AanwezigheidVastgelegd) -> None:
        self.activities[e.activiteit_id].aanwezig = e.aanwezig

    def _on_MscVerhaalIngediend(self, e: MscVerhaalIngediend) -> None:
        teller = e.verteller.model_dump(mode="json") if e.verteller else None
        self.stories[e.verhaal_id] = Story(
            e.verhaal_id, e.activiteit_id, e.halfjaar, e.partner, e.rol, teller, e.wat_veranderde, e.waarom_belangrijkst, e.taal
        )

    def _on_MscSelectieVastgelegd(self, e: MscSelectieVastgelegd) -> None:
        for story in self.stories.values():
            if story.halfjaar == e.halfjaar:
                story.geselecteerd, story.reden_selectie = False, None
        for choice in e.keuzes:
            self.stories[choice.verhaal_id].geselecteerd = True
            self.stories[choice.verhaal_id].reden_selectie = choice.reden
        self.selections[e.halfjaar] = list(e.keuzes)
