"""Closed vocabularies of the workshop's master data, shared by the catalogue, dispatch and the rules."""

from __future__ import annotations

from enum import StrEnum


class Skill(StrEnum):
    """What a job needs and a technician can do (机电 / 钣喷 split further)."""

    MAINTENANCE = "maintenance"  # 保养 / 快修
    MECHANICAL = "mechanical"  # 机修
    ELECTRICAL = "electrical"  # 电器
    BODY = "body"  # 钣金
    PAINT = "paint"  # 喷漆


class GuaranteeClass(StrEnum):
    """Repair quality guarantee classes (机动车维修管理规定): each has a km / day period per dealer."""

    MINOR = "minor"  # 小修、维护: 2,000 km or 10 days
    LEVEL2 = "level2"  # 二级维护: 5,000 km or 30 days
    MAJOR = "major"  # 整车修理、总成修理: 20,000 km or 100 days


class VehicleSystem(StrEnum):
    """The system a job works on; the 三包 rules count repairs of the same serious problem by it."""

    ENGINE = "engine"
    TRANSMISSION = "transmission"
    STEERING = "steering"
    BRAKING = "braking"
    SUSPENSION = "suspension"
    BODY = "body"
    ELECTRICAL = "electrical"
    AIRBAG = "airbag"
    OTHER = "other"


class PartOrigin(StrEnum):
    """Where a part comes from; the last two need the customer's recorded consent."""

    ORIGINAL = "original"  # 原厂件
    EQUIVALENT = "equivalent"  # 同质件
    REMANUFACTURED = "remanufactured"  # 再制造件
    USED = "used"  # 旧件 / 回用件


NEEDS_CONSENT = frozenset({PartOrigin.REMANUFACTURED, PartOrigin.USED})
