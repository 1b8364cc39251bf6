"""The structured walk-around (环车检查), from the left front door clockwise.

Kept beside the old record's text lists (odometer, fuel, notes, damages, valuables), which old
clients still send: everything here is optional and defaults to "not recorded".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from aftersales_common.errors import InvalidInput


class Zone(StrEnum):
    """Where on the car diagram (top view) a damage is."""

    FRONT = "front"  # front bumper
    HOOD = "hood"
    WINDSHIELD = "windshield"
    ROOF = "roof"
    REAR_WINDOW = "rear_window"
    TRUNK_LID = "trunk_lid"
    REAR = "rear"  # rear bumper
    LEFT_FRONT_FENDER = "left_front_fender"
    LEFT_FRONT_DOOR = "left_front_door"
    LEFT_REAR_DOOR = "left_rear_door"
    LEFT_REAR_FENDER = "left_rear_fender"
    RIGHT_FRONT_FENDER = "right_front_fender"
    RIGHT_FRONT_DOOR = "right_front_door"
    RIGHT_REAR_DOOR = "right_rear_door"
    RIGHT_REAR_FENDER = "right_rear_fender"
    LEFT_MIRROR = "left_mirror"
    RIGHT_MIRROR = "right_mirror"
    WHEEL = "wheel"


class DamageKind(StrEnum):
    SCRATCH = "scratch"  # 划痕
    DENT = "dent"  # 凹陷
    CRACK = "crack"  # 裂纹
    PAINT = "paint"  # 掉漆
    OTHER = "other"


class Wheel(StrEnum):
    LEFT_FRONT = "left_front"
    RIGHT_FRONT = "right_front"
    LEFT_REAR = "left_rear"
    RIGHT_REAR = "right_rear"
    SPARE = "spare"


class TyreCondition(StrEnum):
    GOOD = "good"
    WORN = "worn"  # close to the wear mark
    DAMAGED = "damaged"  # cut, bulge, nail
    REPLACE = "replace"  # below the legal tread or unsafe


class TrunkItem(StrEnum):
    SPARE_WHEEL = "spare_wheel"  # 备胎
    TOOLS = "tools"  # 随车工具
    JACK = "jack"  # 千斤顶
    TRIANGLE = "triangle"  # 三角警示牌
    FIRST_AID_KIT = "first_aid_kit"
    FIRE_EXTINGUISHER = "fire_extinguisher"
    TOW_HOOK = "tow_hook"


class Protection(StrEnum):
    """The three covers fitted in front of the customer (三件套)."""

    SEAT_COVER = "seat_cover"
    WHEEL_COVER = "wheel_cover"
    FLOOR_MAT = "floor_mat"


MAX_TREAD_MM = Decimal(20)


@dataclass(frozen=True)
class DamageMark:
    """A damage marked on the diagram: x, y in 0..1 of the drawing (0,0 top left, front up)."""

    zone: Zone
    kind: DamageKind
    x: float
    y: float
    note: str = ""

    def __post_init__(self) -> None:
        if not (0 <= self.x <= 1 and 0 <= self.y <= 1):
            raise InvalidInput("a damage mark's x and y lie between 0 and 1 / 损伤标记坐标须在0到1之间",
                               field="damage_marks")


@dataclass(frozen=True)
class Tyre:
    """One wheel's tyre: tread depth (mm) and condition."""

    wheel: Wheel
    condition: TyreCondition
    tread_mm: Decimal | None = None

    def __post_init__(self) -> None:
        if self.tread_mm is not None and not Decimal(0) <= self.tread_mm <= MAX_TREAD_MM:
            raise InvalidInput(f"tread_mm lies between 0 and {MAX_TREAD_MM} / 胎纹深度超出范围",
                               field="tyres")


@dataclass(frozen=True)
class Valuable:
    """A valuable found in the car: handed to the customer, or kept by the dealer (recorded)."""

    item: str
    kept: bool


@dataclass(frozen=True)
class WalkAroundDetail:
    """The structured part of the walk-around."""

    interior_ok: bool | None = None
    interior_faults: tuple[str, ...] = ()
    vin_checked: bool = False
    vin_mismatch: str | None = None
    damage_marks: tuple[DamageMark, ...] = ()
    tyres: tuple[Tyre, ...] = ()
    leaks: tuple[str, ...] = ()
    trunk_items: tuple[TrunkItem, ...] = ()
    valuable_items: tuple[Valuable, ...] = ()
    protection: tuple[Protection, ...] = ()

    def __post_init__(self) -> None:
        if self.interior_ok and self.interior_faults:
            raise InvalidInput("interior electrics cannot be ok with faults listed / "
                               "内部电器已标记正常却列有故障", field="interior_faults")
        wheels = [t.wheel for t in self.tyres]
        if len(wheels) != len(set(wheels)):
            raise InvalidInput("each wheel at most once / 每个车轮只能记录一次", field="tyres")

    @property
    def kept_valuables(self) -> tuple[str, ...]:
        """What the dealer keeps (to hand back at delivery)."""
        return tuple(v.item for v in self.valuable_items if v.kept)

    @property
    def fully_protected(self) -> bool:
        """All three covers fitted."""
        return set(self.protection) == set(Protection)


def summary(detail: WalkAroundDetail) -> dict[str, Any]:
    """The detail as plain data (rows and responses)."""
    return {
        "interior_ok": detail.interior_ok, "interior_faults": list(detail.interior_faults),
        "vin_checked": detail.vin_checked, "vin_mismatch": detail.vin_mismatch,
        "damage_marks": [{"zone": d.zone.value, "kind": d.kind.value, "x": d.x, "y": d.y,
                          "note": d.note} for d in detail.damage_marks],
        "tyres": [{"wheel": t.wheel.value, "condition": t.condition.value,
                   "tread_mm": None if t.tread_mm is None else str(t.tread_mm)}
                  for t in detail.tyres],
        "leaks": list(detail.leaks), "trunk_items": [i.value for i in detail.trunk_items],
        "valuable_items": [{"item": v.item, "kept": v.kept} for v in detail.valuable_items],
        "protection": [p.value for p in detail.protection],
    }


def detail_of(data: dict[str, Any] | None) -> WalkAroundDetail | None:
    """The detail from plain data (the inverse of `summary`); None when nothing was recorded."""
    if not data:
        return None

    def items(name: str) -> list[Any]:
        value = data.get(name) or []
        return list(value) if isinstance(value, list) else []

    interior = data.get("interior_ok")
    return WalkAroundDetail(
        interior_ok=interior if isinstance(interior, bool) else None,
        interior_faults=tuple(str(x) for x in items("interior_faults")),
        vin_checked=bool(data.get("vin_checked")),
        vin_mismatch=str(data["vin_mismatch"]) if data.get("vin_mismatch") else None,
        damage_marks=tuple(DamageMark(Zone(m["zone"]), DamageKind(m["kind"]), float(m["x"]),
                                      float(m["y"]), str(m.get("note", "")))
                           for m in items("damage_marks")),
        tyres=tuple(Tyre(Wheel(t["wheel"]), TyreCondition(t["condition"]),
                         None if t.get("tread_mm") is None else Decimal(str(t["tread_mm"])))
                    for t in items("tyres")),
        leaks=tuple(str(x) for x in items("leaks")),
        trunk_items=tuple(TrunkItem(x) for x in items("trunk_items")),
        valuable_items=tuple(Valuable(str(v["item"]), bool(v["kept"]))
                             for v in items("valuable_items")),
        protection=tuple(Protection(x) for x in items("protection")),
    )
