"""The quality checks (三检 and the advisor's check before delivery): order, signers, checklists."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from aftersales_common.errors import Conflict, Forbidden, InvalidInput
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


# ---- the checklists (最终质量检查报告单 and the sheets of the other levels) --------------
@dataclass(frozen=True)
class ChecklistItem:
    """One point of a level's checklist, as the dealer configured it."""

    code: str
    name: str
    name_en: str


@dataclass(frozen=True)
class ChecklistAnswer:
    """One point as the checker answered it: ok or not, with a note."""

    item: str
    ok: bool
    note: str = ""


def _items(*rows: tuple[str, str, str]) -> tuple[ChecklistItem, ...]:
    return tuple(ChecklistItem(*row) for row in rows)


DEFAULT_CHECKLISTS: dict[QcLevel, tuple[ChecklistItem, ...]] = {
    QcLevel.SELF: _items(
        ("jobs_done", "委托项目已全部完成", "Every job on the order is done"),
        ("torque", "紧固件按规定力矩拧紧", "Fasteners tightened to the specified torque"),
        ("fluids", "油液液位正常、无渗漏", "Fluid levels correct, no leaks"),
        ("warning_lights", "仪表无故障指示灯", "No warning lights on the dashboard"),
        ("old_parts", "旧件已按客户要求保留或处理", "Old parts kept or disposed as the customer chose"),
        ("tools_removed", "车内外无遗留工具，三件套完好", "No tools left in or on the car; covers in place"),
    ),
    QcLevel.FOREMAN: _items(
        ("jobs_verified", "维修项目逐项复核", "Each job re-checked against the order"),
        ("parts_match", "所用备件与委托书一致", "Parts fitted match the order"),
        ("fault_cleared", "故障已排除，故障码已清除", "Fault gone, fault codes cleared"),
        ("road_test", "路试（如需）无异常", "Road test (where needed) without faults"),
        ("no_damage", "车辆无油污、无新损伤", "No grease marks, no new damage"),
    ),
    QcLevel.FINAL: _items(
        ("concern_resolved", "客户反映的问题已解决", "The customer's concern is resolved"),
        ("brakes", "制动性能良好", "Brakes perform correctly"),
        ("lights", "灯光、喇叭、雨刮工作正常", "Lights, horn and wipers work"),
        ("tyres", "轮胎气压及车轮螺栓力矩符合要求", "Tyre pressures and wheel-nut torque to spec"),
        ("fluids", "各油液液位符合要求", "Every fluid level to spec"),
        ("electrics", "仪表及电器功能正常", "Instruments and electrics work"),
        ("road_test", "路试合格", "Road test passed"),
        ("paperwork", "委托书、派工单签字齐全", "Repair order and job sheets signed"),
    ),
    QcLevel.PRE_DELIVERY: _items(
        ("washed", "车辆已清洗，内饰清洁", "Car washed, interior clean"),
        ("covers_removed", "三件套已取下", "Seat, wheel and floor covers removed"),
        ("settings_restored", "座椅、后视镜、音响已复位",
         "Seats, mirrors and radio back as the customer left them"),
        ("belongings", "客户物品齐全", "The customer's belongings are all there"),
        ("old_parts_ready", "旧件已备好（客户保留时）", "Old parts ready (when the customer keeps them)"),
        ("documents", "结算单及随车资料已备齐", "Settlement sheet and documents ready"),
        ("parked", "车辆停在交车区，车头朝外", "Parked in the delivery bay facing the exit"),
    ),
}
"""The sheets a dealer starts with (seeded per dealer; a dealer without its own rows uses these)."""


def verify_checklist(items: Sequence[ChecklistItem], answers: Sequence[ChecklistAnswer],
                     *, passed: bool) -> tuple[ChecklistAnswer, ...]:
    """A checklist answered in full, each point once; a pass with a point not ok is 422."""
    known = {i.code for i in items}
    codes = [a.item for a in answers]
    unknown = sorted({c for c in codes if c not in known})
    if unknown:
        raise InvalidInput(f"checklist names points not on this level's sheet: {', '.join(unknown)}"
                           " / 检查单中有不属于本级检查的项目", field="checklist")
    twice = sorted({c for c in codes if codes.count(c) > 1})
    if twice:
        raise InvalidInput(f"checklist answers a point twice: {', '.join(twice)} / 检查项目重复",
                           field="checklist")
    missing = [i.code for i in items if i.code not in codes]
    if missing:
        raise InvalidInput(f"checklist misses points: {', '.join(missing)} / 检查单未填写完整",
                           field="checklist")
    failed = [a.item for a in answers if not a.ok]
    if passed and failed:
        raise InvalidInput(f"a check cannot pass with points not ok: {', '.join(failed)} / "
                           "存在不合格项目，不能判定为合格", field="checklist")
    order = {i.code: n for n, i in enumerate(items)}
    return tuple(sorted(answers, key=lambda a: order[a.item]))
