"""Who sees which scores: nobody sees another assessor's scores before their own are in."""

from __future__ import annotations

from allianties_shared.domain import AccessDenied, Actor, Role

MUNICIPAL = (Role.ACCOUNTHOUDER, Role.BEOORDELAAR, Role.BESLUITVORMER, Role.AUDITOR, Role.OPERATOR)


def own_scores_complete(assessor_id: str, scores: list[dict], criteria: set[str]) -> bool:
    return criteria <= {s["criterium"] for s in scores if s["beoordelaar_id"] == assessor_id}


def visible_scores(actor: Actor, scores: list[dict], criteria: set[str]) -> list[dict]:
    """Municipal roles see all scores; an assessor sees only their own until they scored every criterion."""
    actor.require_role(*MUNICIPAL)
    if actor.role == Role.BEOORDELAAR and not own_scores_complete(actor.id, scores, criteria):
        return [s for s in scores if s["beoordelaar_id"] == actor.id]
    return scores


def require_ranking_visible(actor: Actor, complete_everywhere: bool) -> None:
    """An assessor sees a priority's ranking only once their own scores are in on all its applications."""
    actor.require_role(*MUNICIPAL)
    if actor.role == Role.BEOORDELAAR and not complete_everywhere:
        raise AccessDenied(
            "own-scores-first",
            "U ziet de rangschikking pas als uw eigen scores op alle aanvragen van deze prioriteit binnen zijn.",
            "You see the ranking only once your own scores on all applications of this priority are in.",
        )
