"""The application's rules, each named, each with a Dutch and an English reason."""

from __future__ import annotations

from datetime import date

from allianties_shared.contracts.aanvraag import BegrotingsJaar
from allianties_shared.domain import RuleViolation
from allianties_shared.regulation.model import Regeling, Ronde


def unique(exists: bool, application_id: str) -> None:
    if exists:
        raise RuleViolation(
            "application-unique",
            f"Aanvraag {application_id} bestaat al.",
            f"Application {application_id} already exists.",
            field="aanvraag_id",
        )


def known_priorities(regulation: Regeling, ronde: Ronde, priorities: list[int]) -> None:
    known = sorted(ronde.budget_per_prioriteit_centen) or sorted(p.nummer for p in regulation.prioriteiten)
    unknown = sorted(set(priorities) - set(known))
    if unknown or not priorities:
        raise RuleViolation(
            "application-priorities",
            f"Kies een of meer prioriteiten uit {known} (onbekend: {unknown}).",
            f"Choose one or more priorities from {known} (unknown: {unknown}).",
            field="prioriteiten",
        )


def within_priority_budget(ronde: Ronde, priorities: list[int], amount_cents: int, field: str) -> None:
    """An alliance asks at most the budget the college set for (the largest of) its priorities."""
    budgets = [ronde.budget_per_prioriteit_centen[p] for p in priorities if p in ronde.budget_per_prioriteit_centen]
    if budgets and amount_cents > max(budgets):
        raise RuleViolation(
            "application-priority-budget",
            f"Het bedrag per jaar (€ {amount_cents / 100:,.2f}) is hoger dan het budget van de prioriteit (€ {max(budgets) / 100:,.2f}).",
            f"The amount per year (€ {amount_cents / 100:,.2f}) exceeds the priority's budget (€ {max(budgets) / 100:,.2f}).",
            field=field,
        )


def budget_years(years: list[BegrotingsJaar], max_percent: int) -> None:
    if not years or len({y.jaar for y in years}) != len(years):
        raise RuleViolation(
            "budget-years", "Geef elk begrotingsjaar precies één keer.", "Give each budget year exactly once.", field="jaren"
        )
    for index, year in enumerate(years):
        if year.coordinatie_centen * 100 > year.totaal_centen * max_percent:
            share = 100 * year.coordinatie_centen / year.totaal_centen
            raise RuleViolation(
                "budget-coordination-share",
                f"Coördinatie is in {year.jaar} {share:.1f}% van de begroting; hoogstens {max_percent}% is toegestaan.",
                f"Coordination is {share:.1f}% of the budget in {year.jaar}; at most {max_percent}% is allowed.",
                field=f"jaren.{index}.coordinatie_centen",
            )


def editable(status: str, editable_in: tuple[str, ...]) -> None:
    if status not in editable_in:
        raise RuleViolation(
            "application-editable",
            f"De aanvraag is {status} en kan nu niet worden gewijzigd.",
            f"The application is {status} and cannot be changed now.",
        )


def submitted_once(status: str, reference: str | None, draft: str) -> None:
    if reference is not None:
        raise RuleViolation(
            "application-submitted-once",
            f"Aanvraag is al ingediend met referentie {reference}; er verandert niets.",
            f"Application was already submitted with reference {reference}; nothing changed.",
        )
    if status != draft:
        raise RuleViolation(
            "application-submittable", f"Een aanvraag die {status} is, kan niet worden ingediend.", f"An application that is {status} cannot be submitted."
        )


def complete(regulation: Regeling, documents: set[str], has_budget: bool) -> None:
    missing = [d.value for d in regulation.documenten if d.value not in documents]
    if missing:
        raise RuleViolation(
            "application-complete",
            f"De aanvraag is niet compleet; ontbrekende documenten: {', '.join(missing)}.",
            f"The application is incomplete; missing documents: {', '.join(missing)}.",
            field="documenten",
        )
    if not has_budget:
        raise RuleViolation(
            "application-budget-recorded",
            "De aanvraag is niet compleet: de begroting per jaar ontbreekt.",
            "The application is incomplete: the budget per year is missing.",
            field="begroting",
        )


def in_status(status: str, allowed: tuple[str, ...], rule: str) -> None:
    if status not in allowed:
        raise RuleViolation(
            rule,
            f"Dat kan niet bij een aanvraag die {status} is (wel bij: {', '.join(allowed)}).",
            f"Not possible for an application that is {status} (only when: {', '.join(allowed)}).",
        )


def open_(status: str, closed: tuple[str, ...]) -> None:
    if status in closed:
        raise RuleViolation(
            "application-open", f"De aanvraag is al {status}.", f"The application is already {status}."
        )


def term_ahead(term: date, today: date) -> None:
    if term <= today:
        raise RuleViolation(
            "completion-term-ahead",
            "De termijn voor aanvulling ligt na vandaag.",
            "The term for completion lies after today.",
            field="termijn",
        )


def within_term(term: date, passed: bool) -> None:
    if passed:
        raise RuleViolation(
            "completion-term",
            f"De termijn voor aanvulling verliep op {term:%d-%m-%Y}.",
            f"The term for completion expired on {term:%Y-%m-%d}.",
        )
