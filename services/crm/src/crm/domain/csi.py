"""The CSI survey (客户满意度): five weighted areas, each scored 0-10, giving 0-100."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from aftersales_common.errors import InvalidInput


class SurveyArea(StrEnum):
    """The five areas of the survey (domain.md, "CSI survey weights")."""

    FACILITIES = "facilities"
    PERSONNEL = "personnel"
    EXECUTION = "execution"
    COST = "cost"
    FOLLOW_UP = "follow_up"


AREAS: tuple[str, ...] = tuple(a.value for a in SurveyArea)
ONE_PLACE = Decimal("0.1")

# One OEM's model (domain.md): facilities 20%, personnel contact 33%, repair execution 22%,
# cost 10%, follow-up 15%.
DEFAULT_WEIGHTS: dict[str, Decimal] = {
    "facilities": Decimal("0.20"),
    "personnel": Decimal("0.33"),
    "execution": Decimal("0.22"),
    "cost": Decimal("0.10"),
    "follow_up": Decimal("0.15"),
}


def parse_weights(raw: str | Mapping[str, object]) -> dict[str, Decimal]:
    """Weights from JSON text or a mapping, validated (see `validate_weights`)."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw, parse_float=Decimal, parse_int=Decimal)
        except ValueError as exc:
            raise InvalidInput(f"CSI weights are not valid JSON: {exc}") from exc
        if not isinstance(raw, Mapping):
            raise InvalidInput("CSI weights must be a JSON object of area -> weight")
    weights: dict[str, Decimal] = {}
    for area, value in raw.items():
        try:
            weights[str(area)] = Decimal(str(value))
        except InvalidOperation as exc:
            raise InvalidInput(f"CSI weight of {area} is not a number: {value!r}") from exc
    return validate_weights(weights)


def validate_weights(weights: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """The five areas exactly, each weight in [0, 1], summing to exactly 1."""
    if set(weights) != set(AREAS):
        raise InvalidInput(f"CSI weights must name exactly the areas {', '.join(AREAS)}")
    if any(not Decimal(0) <= w <= Decimal(1) for w in weights.values()):
        raise InvalidInput("every CSI weight must be between 0 and 1")
    total = sum(weights.values(), Decimal(0))
    if total != Decimal(1):
        raise InvalidInput(f"CSI weights must sum to 1 (they sum to {total})")
    return {area: weights[area] for area in AREAS}


def check_scores(scores: Mapping[str, int]) -> dict[str, int]:
    """All five areas, each an integer 0-10; InvalidInput otherwise."""
    missing = [a for a in AREAS if a not in scores]
    if missing:
        raise InvalidInput(f"every area must be scored; missing: {', '.join(missing)}")
    extra = sorted(set(scores) - set(AREAS))
    if extra:
        raise InvalidInput(f"unknown survey areas: {', '.join(extra)}")
    for area in AREAS:
        value = scores[area]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
            raise InvalidInput(f"the score of {area} must be an integer from 0 to 10")
    return {area: scores[area] for area in AREAS}


def csi_score(scores: Mapping[str, int], weights: Mapping[str, Decimal]) -> Decimal:
    """Σ weight × score × 10 on a 0-100 scale, one decimal place, rounded half up."""
    checked = check_scores(scores)
    total = sum((weights[a] * checked[a] * 10 for a in AREAS), Decimal(0))
    return total.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def score_str(value: Decimal) -> str:
    """The wire form of a CSI score: a decimal string with one place ("88.2")."""
    return f"{value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP):.1f}"


@dataclass(frozen=True)
class Survey:
    """One customer's answers: the five scores, the weights used and the CSI they give."""

    id: str
    task_id: str
    dealer_id: str
    scores: dict[str, int]
    weights: dict[str, Decimal]
    csi_score: Decimal
    comment: str | None
    surveyed_by: str
    created_at: datetime
