"""The quality checks (三检 and the advisor's check before delivery): their order and who signs each."""

from __future__ import annotations

from collections.abc import Collection

from aftersales_common.errors import Conflict, Forbidden
from workshop.domain.statuses import QcLevel

SEQUENCE: tuple[QcLevel, ...] = (QcLevel.SELF, QcLevel.FOREMAN, QcLevel.FINAL, QcLevel.PRE_DELIVERY)
"""A round of checks, in order; a failure at any level starts the round again from `self`."""

WHO_SIGNS: dict[QcLevel, frozenset[str]] = {
    QcLevel.SELF: frozenset({"technician", "foreman"}),
    QcLevel.FOREMAN: frozenset({"foreman"}),
    # The final inspection is independent of the team that did the work: no foreman.
    QcLevel.FINAL: frozenset({"qc_inspector"}),
    QcLevel.PRE_DELIVERY: frozenset({"service_advisor"}),
}

_WORDS = {
    QcLevel.SELF: "the technician's self-check / 技师自检",
    QcLevel.FOREMAN: "the foreman's re-check / 班组长复检",
    QcLevel.FINAL: "the final inspection / 终检",
    QcLevel.PRE_DELIVERY: "the advisor's check before delivery / 交车前检查",
}


def may_sign(level: QcLevel, roles: Collection[str]) -> None:
    """403 unless one of `roles` may record a check at `level`."""
    allowed = WHO_SIGNS[level]
    if not allowed.intersection(roles):
        raise Forbidden(f"{_WORDS[level]} is recorded by {', '.join(sorted(allowed))} only / "
                        "您的角色不能记录该级检查")


def next_level(passed: QcLevel | None) -> QcLevel | None:
    """The check due after the last one passed in this round (None: all done)."""
    if passed is None:
        return SEQUENCE[0]
    index = SEQUENCE.index(passed) + 1
    return SEQUENCE[index] if index < len(SEQUENCE) else None


def check_in_order(level: QcLevel, passed: QcLevel | None) -> None:
    """409 when `level` is not the check due now."""
    due = next_level(passed)
    if level != due:
        what = _WORDS[due] if due else "nothing: every check has passed / 所有检查均已通过"
        raise Conflict(f"{_WORDS[level]} is out of order; due now: {what} / 检查顺序不对",
                       code="qc-out-of-order")
