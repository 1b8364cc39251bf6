"""The technicians of a dealer (维修技师): who they are, what they can do, their team and shift."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal

from aftersales_common.clock import new_id
from aftersales_common.domain import Aggregate
from aftersales_common.errors import InvalidInput
from workshop.domain.terms import Skill

MAX_TEAM = 60
MAX_NAME = 120


def shift_time(raw: str | time, field: str) -> time:
    """A shift boundary as HH:MM (422 naming the field otherwise)."""
    if isinstance(raw, time):
        return raw.replace(second=0, microsecond=0)
    try:
        return time.fromisoformat(raw.strip()).replace(second=0, microsecond=0)
    except (ValueError, AttributeError):
        raise InvalidInput(f"{field} must be a time of day HH:MM / 班次时间格式应为 HH:MM") from None


def _skills(raw: Iterable[str | Skill]) -> frozenset[Skill]:
    try:
        skills = frozenset(Skill(s) for s in raw)
    except ValueError:
        raise InvalidInput(f"skills must be among {', '.join(Skill)} / 技能不在允许范围内") from None
    if not skills:
        raise InvalidInput("a technician needs at least one skill / 技师至少需要一项技能")
    return skills


@dataclass(eq=False)
class Technician(Aggregate):
    """A technician of one dealer; `user_id` is the `sub` of their login (e.g. demo `tech`)."""

    id: str
    dealer_id: str
    user_id: str
    name: str
    skills: frozenset[Skill]
    team: str
    shift_start: time
    shift_end: time
    active: bool
    created_at: datetime
    updated_at: datetime

    @classmethod
    def register(cls, *, dealer_id: str, user_id: str, name: str, skills: Iterable[str | Skill],
                 team: str, shift_start: str | time, shift_end: str | time, active: bool = True,
                 at: datetime) -> Technician:
        """A new technician on the dealer's roster."""
        user = user_id.strip()
        if not user:
            raise InvalidInput("user_id must not be blank / 登录账号不能为空")
        tech = cls(id=new_id(), dealer_id=dealer_id, user_id=user, name="", skills=frozenset(),
                   team="", shift_start=time(8, 30), shift_end=time(17, 30), active=active,
                   created_at=at, updated_at=at)
        tech.revise(name=name, skills=skills, team=team, shift_start=shift_start,
                    shift_end=shift_end, active=active, at=at)
        return tech

    def revise(self, *, name: str, skills: Iterable[str | Skill], team: str,
               shift_start: str | time, shift_end: str | time, active: bool,
               at: datetime) -> None:
        """Change name, skills, team, shift or whether they take work."""
        start, end = shift_time(shift_start, "shift_start"), shift_time(shift_end, "shift_end")
        if start >= end:
            raise InvalidInput("shift_end must be after shift_start / 下班时间须晚于上班时间")
        if not name.strip():
            raise InvalidInput("name must not be blank / 姓名不能为空")
        self.name, self.team = name.strip()[:MAX_NAME], team.strip()[:MAX_TEAM]
        self.skills = _skills(skills)
        self.shift_start, self.shift_end, self.active = start, end, active
        self.updated_at = at

    def can_do(self, skill: Skill) -> bool:
        """True when the technician has the skill a job needs."""
        return skill in self.skills

    @property
    def shift_hours(self) -> Decimal:
        """Length of the shift in hours."""
        minutes = (self.shift_end.hour * 60 + self.shift_end.minute
                   - self.shift_start.hour * 60 - self.shift_start.minute)
        return Decimal(minutes) / 60
