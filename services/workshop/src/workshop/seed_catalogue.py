"""Demo operation catalogue and maintenance menus (idempotent: what exists is kept).

Demo dealer (`DEMO_DEALER_ID`), on the parts of parts' demo catalogue:

| op_code | name | hours | skill | class | system |
|---|---|---|---|---|---|
| MNT-OIL | 更换机油机滤 oil and filter change | 0.5 | maintenance | minor | engine |
| MNT-AIR | 更换空气滤清器 air filter | 0.2 | maintenance | minor | engine |
| MNT-CHK | 常规检查 multi-point check | 0.3 | maintenance | minor | other |
| MNT-L2 | 二级维护 level-2 maintenance | 2.0 | maintenance | level2 | other |
| WIPER-RPL | 更换雨刮片 wiper blades | 0.1 | maintenance | minor | body |
| BRK-PAD-F | 更换前刹车片 front brake pads | 1.0 | mechanical | minor | braking (safety) |
| ALIGN-4W | 四轮定位 wheel alignment | 0.8 | mechanical | minor | steering (safety) |
| DIAG-ENG | 发动机故障诊断 engine diagnostics | 1.0 | electrical | minor | engine |
| BAT-TEST | 蓄电池检测 battery test | 0.3 | electrical | minor | electrical |
| BODY-DENT | 钣金修复（单面）panel dent repair | 3.0 | body | minor | body |
| PAINT-PNL | 单面喷漆 one-panel paint | 4.0 | paint | minor | body |
| ENG-OVH | 发动机大修 engine overhaul | 16.0 | mechanical | major | engine (safety) |

Menus: `M5K` 5,000 km 保养 (MNT-OIL, MNT-CHK; oil 1, oil filter 1) and `M10K` 10,000 km 保养
(MNT-OIL, MNT-AIR, MNT-CHK; oil 1, oil filter 1, air filter 1). The other demo dealer has the
oil change and `M5K` at its own catalogue.
"""

from __future__ import annotations

from decimal import Decimal

from aftersales_common.auth.demo import DEMO_DEALER_ID, OTHER_DEALER_ID
from aftersales_common.clock import utcnow
from aftersales_common.runtime import ServiceRuntime
from workshop.adapters.catalogue_repo import OperationCatalogue
from workshop.domain.catalogue import Menu, Operation
from workshop.domain.terms import GuaranteeClass, Skill, VehicleSystem

S, G, V = Skill, GuaranteeClass, VehicleSystem
DEMO_OPERATIONS: list[tuple[str, str, str, str, Skill, GuaranteeClass, VehicleSystem, bool]] = [
    ("MNT-OIL", "更换机油机滤", "Oil and filter change", "0.5", S.MAINTENANCE, G.MINOR, V.ENGINE, False),
    ("MNT-AIR", "更换空气滤清器", "Air filter replacement", "0.2", S.MAINTENANCE, G.MINOR, V.ENGINE,
     False),
    ("MNT-CHK", "常规检查", "Multi-point check", "0.3", S.MAINTENANCE, G.MINOR, V.OTHER, False),
    ("MNT-L2", "二级维护", "Level-2 maintenance", "2", S.MAINTENANCE, G.LEVEL2, V.OTHER, False),
    ("WIPER-RPL", "更换雨刮片", "Wiper blade replacement", "0.1", S.MAINTENANCE, G.MINOR, V.BODY,
     False),
    ("BRK-PAD-F", "更换前刹车片", "Front brake pads", "1", S.MECHANICAL, G.MINOR, V.BRAKING, True),
    ("ALIGN-4W", "四轮定位", "Wheel alignment", "0.8", S.MECHANICAL, G.MINOR, V.STEERING, True),
    ("DIAG-ENG", "发动机故障诊断", "Engine diagnostics", "1", S.ELECTRICAL, G.MINOR, V.ENGINE, False),
    ("BAT-TEST", "蓄电池检测", "Battery test", "0.3", S.ELECTRICAL, G.MINOR, V.ELECTRICAL, False),
    ("BODY-DENT", "钣金修复（单面）", "Panel dent repair", "3", S.BODY, G.MINOR, V.BODY, False),
    ("PAINT-PNL", "单面喷漆", "One-panel paint", "4", S.PAINT, G.MINOR, V.BODY, False),
    ("ENG-OVH", "发动机大修", "Engine overhaul", "16", S.MECHANICAL, G.MAJOR, V.ENGINE, True),
]
DEMO_MENUS: list[tuple[str, str, str, int, list[str], list[tuple[str, str]]]] = [
    ("M5K", "5,000 km 保养", "5,000 km service", 5000, ["MNT-OIL", "MNT-CHK"],
     [("OIL-5W30-4L", "1"), ("FLT-OIL-001", "1")]),
    ("M10K", "10,000 km 保养", "10,000 km service", 10000, ["MNT-OIL", "MNT-AIR", "MNT-CHK"],
     [("OIL-5W30-4L", "1"), ("FLT-OIL-001", "1"), ("FLT-AIR-001", "1")]),
]
OTHER_OPERATIONS = [DEMO_OPERATIONS[0], DEMO_OPERATIONS[2]]
OTHER_MENUS = [DEMO_MENUS[0]]


async def seed_catalogue(runtime: ServiceRuntime) -> None:
    """The demo dealers' operations and maintenance menus, once."""
    at = utcnow()
    async with runtime.uow() as uow:
        catalogue = OperationCatalogue(uow.session)
        for dealer_id, ops, menus in ((DEMO_DEALER_ID, DEMO_OPERATIONS, DEMO_MENUS),
                                      (OTHER_DEALER_ID, OTHER_OPERATIONS, OTHER_MENUS)):
            for code, name, name_en, hours, skill, cls, system, safety in ops:
                if await catalogue.get(dealer_id, code) is None:
                    await catalogue.save(Operation.define(
                        dealer_id=dealer_id, op_code=code, name=name, name_en=name_en,
                        standard_hours=Decimal(hours), skill=skill, guarantee_class=cls,
                        system=system, safety_related=safety, by="seed", at=at))
            for code, name, name_en, km, op_codes, parts in menus:
                if await catalogue.menu(dealer_id, code) is None:
                    await catalogue.save_menu(Menu.define(
                        dealer_id=dealer_id, code=code, name=name, name_en=name_en, mileage_km=km,
                        operations=op_codes, parts=[(p, Decimal(q)) for p, q in parts],
                        known=op_codes, by="seed", at=at))
