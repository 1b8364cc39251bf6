"""Demo data of the embedded mode (idempotent: what exists is kept).

Each feature adds its own seeder to `SEEDERS`; `seed_demo` runs them in order, each in its own
unit of work (which commits).

Technicians of the demo dealer (`DEMO_DEALER_ID`; `tech` and `tech2` have demo logins):

| user_id | name | team | skills | shift |
|---|---|---|---|---|
| tech | 王强 | 机电一组 | maintenance, mechanical, electrical | 08:30–17:30 |
| wang | 王建国 | 机电一组 | maintenance, mechanical | 08:30–17:30 |
| liu | 刘伟 | 机电二组 | maintenance, mechanical | 08:30–17:30 |
| tech2 | 赵磊 | 钣喷组 | body, paint | 08:30–17:30 |
| chen | 陈刚 | 钣喷组 | paint | 09:00–18:00 |
| zhou | 周涛 | 机电二组 | mechanical (inactive) | 08:30–17:30 |
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aftersales_common.auth.demo import DEMO_DEALER_ID
from aftersales_common.clock import utcnow
from aftersales_common.runtime import ServiceRuntime
from workshop.adapters.technicians_repo import TechnicianRepository
from workshop.adapters.technicians_repo import roster as technician_roster
from workshop.domain.technicians import Technician
from workshop.seed_catalogue import seed_catalogue
from workshop.seed_delivery import seed_qc_checklists
from workshop.seed_inspection import seed_checklists
from workshop.seed_reception import seed_reception_history

DEMO_TECHNICIANS: list[tuple[str, str, str, tuple[str, ...], str, str, bool]] = [
    ("tech", "王强", "机电一组", ("maintenance", "mechanical", "electrical"), "08:30", "17:30", True),
    ("wang", "王建国", "机电一组", ("maintenance", "mechanical"), "08:30", "17:30", True),
    ("liu", "刘伟", "机电二组", ("maintenance", "mechanical"), "08:30", "17:30", True),
    ("tech2", "赵磊", "钣喷组", ("body", "paint"), "08:30", "17:30", True),
    ("chen", "陈刚", "钣喷组", ("paint",), "09:00", "18:00", True),
    ("zhou", "周涛", "机电二组", ("mechanical",), "08:30", "17:30", False),
]


async def seed_technicians(runtime: ServiceRuntime) -> None:
    """The demo dealer's technicians, once."""
    at = utcnow()
    async with runtime.uow() as uow:
        known = {t.user_id for t in await technician_roster(uow.session, DEMO_DEALER_ID)}
        repo = TechnicianRepository(uow)
        for user_id, name, team, skills, start, end, active in DEMO_TECHNICIANS:
            if user_id in known:
                continue
            await repo.add(Technician.register(
                dealer_id=DEMO_DEALER_ID, user_id=user_id, name=name, skills=skills, team=team,
                shift_start=start, shift_end=end, active=active, at=at))


SEEDERS: list[Callable[[ServiceRuntime], Awaitable[None]]] = [seed_technicians, seed_catalogue,
                                                              seed_checklists,
                                                              seed_reception_history,
                                                              seed_qc_checklists]


async def seed_demo(runtime: ServiceRuntime) -> None:
    """Every feature's demo data, in order."""
    for seeder in SEEDERS:
        await seeder(runtime)
