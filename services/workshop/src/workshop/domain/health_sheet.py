"""The standard vehicle health check sheet (健康车检项目单) every dealer starts from.

Measured points carry their limits: tyre tread below 3 mm is advise and below 1.6 mm urgent
(GB 7258: a passenger car tyre needs at least 1.6 mm); brake pads below 4 mm advise, below
2 mm urgent; a resting battery below 12.4 V advise, below 12.0 V urgent.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from workshop.domain.inspection import CheckGroup, Checklist, CheckPoint, checklist_of

_NAMESPACE = uuid.UUID("6f1b8d3e-2c4a-4b7e-9a51-d0c3e2f4a6b8")

GROUPS: tuple[CheckGroup, ...] = tuple(CheckGroup(*g) for g in (
    ("lights", "灯光", "Lights"),
    ("wipers", "雨刮与风窗", "Wipers and windscreen"),
    ("tyres", "轮胎", "Tyres"),
    ("brakes", "制动", "Brakes"),
    ("fluids", "油液", "Fluids"),
    ("battery", "蓄电池", "Battery"),
    ("belts", "皮带", "Belts"),
    ("suspension", "悬挂与转向", "Suspension and steering"),
    ("underbody", "底盘、渗漏与排气", "Underbody, leaks and exhaust"),
    ("cabin", "车内", "Cabin"),
))



def _tyre(code: str, zh: str, en: str) -> CheckPoint:
    return CheckPoint(code, "tyres", zh, en, unit="mm", advise_below=Decimal("3.0"),
                      urgent_below=Decimal("1.6"))


def _pad(code: str, zh: str, en: str) -> CheckPoint:
    return CheckPoint(code, "brakes", zh, en, unit="mm", advise_below=Decimal("4.0"),
                      urgent_below=Decimal("2.0"))


POINTS: tuple[CheckPoint, ...] = (
    CheckPoint("LIGHT-HEAD", "lights", "前照灯（远近光）", "Headlights (high and low beam)"),
    CheckPoint("LIGHT-SIGNAL", "lights", "转向灯与危险警告灯", "Turn signals and hazard lights"),
    CheckPoint("LIGHT-REAR", "lights", "制动灯、尾灯与倒车灯", "Brake, tail and reversing lights"),
    CheckPoint("WIPER-BLADE", "wipers", "雨刮片", "Wiper blades"),
    CheckPoint("WIPER-WASHER", "wipers", "玻璃水与喷嘴", "Washer fluid and jets"),
    CheckPoint("WINDSCREEN", "wipers", "前挡风玻璃（裂纹、石击）", "Windscreen (cracks, chips)"),
    _tyre("TYRE-FL", "左前轮胎花纹深度", "Front left tyre tread depth"),
    _tyre("TYRE-FR", "右前轮胎花纹深度", "Front right tyre tread depth"),
    _tyre("TYRE-RL", "左后轮胎花纹深度", "Rear left tyre tread depth"),
    _tyre("TYRE-RR", "右后轮胎花纹深度", "Rear right tyre tread depth"),
    CheckPoint("TYRE-PRESSURE", "tyres", "胎压（含备胎）与轮胎外观",
               "Tyre pressures (spare included) and sidewalls"),
    _pad("BRAKE-PAD-F", "前制动片厚度", "Front brake pad thickness"),
    _pad("BRAKE-PAD-R", "后制动片厚度", "Rear brake pad thickness"),
    CheckPoint("BRAKE-DISC", "brakes", "制动盘磨损", "Brake disc wear"),
    CheckPoint("FLUID-OIL", "fluids", "机油液位与油质", "Engine oil level and condition"),
    CheckPoint("FLUID-COOLANT", "fluids", "冷却液液位与冰点", "Coolant level and freezing point"),
    CheckPoint("FLUID-BRAKE", "fluids", "制动液液位与含水量", "Brake fluid level and water content"),
    CheckPoint("BATTERY", "battery", "蓄电池静态电压", "Battery resting voltage", unit="V",
               advise_below=Decimal("12.4"), urgent_below=Decimal("12.0")),
    CheckPoint("BELT-AUX", "belts", "发动机附件皮带", "Accessory drive belt"),
    CheckPoint("SUSP-SHOCK", "suspension", "减震器（渗油、异响）", "Shock absorbers (leaks, noise)"),
    CheckPoint("SUSP-JOINT", "suspension", "球头、转向拉杆及防尘套",
               "Ball joints, tie rods and boots"),
    CheckPoint("LEAKS", "underbody", "发动机、变速箱渗漏", "Engine and gearbox leaks"),
    CheckPoint("EXHAUST", "underbody", "排气管与消声器", "Exhaust pipes and silencer"),
    CheckPoint("UNDERBODY", "underbody", "底盘护板与管路", "Underbody shields and lines"),
    CheckPoint("CABIN-FILTER", "cabin", "空调滤芯", "Cabin air filter"),
)


def standard_id(dealer_id: str) -> str:
    """The id of a dealer's copy of the standard sheet (the same wherever it is computed)."""
    return str(uuid.uuid5(_NAMESPACE, f"{dealer_id}/standard-health-check"))


def standard_checklist(dealer_id: str) -> Checklist:
    """The standard sheet as the dealer's own checklist."""
    return checklist_of(id=standard_id(dealer_id), dealer_id=dealer_id, name_zh="健康车检项目单",
                        name_en="Vehicle health check", points=POINTS, groups=GROUPS)
