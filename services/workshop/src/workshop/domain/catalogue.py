"""The dealer's operation catalogue (工时目录) and maintenance menus (保养菜单)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from aftersales_common.errors import InvalidInput
from workshop.domain import values
from workshop.domain.terms import GuaranteeClass, Skill, VehicleSystem

CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,39}$")


def normalise_code(raw: str, *, field_name: str = "op_code") -> str:
    """Operation and menu codes are upper-case letters, digits, '.', '_' or '-' (at most 40)."""
    code = raw.strip().upper()
    if not CODE_RE.match(code):
        raise InvalidInput(f"{field_name} must be 1-40 letters, digits, '.', '_' or '-' / "
                           "代码只能包含字母、数字、点、下划线或连字符", field=field_name)
    return code


@dataclass(eq=False)
class Operation:
    """One operation of the dealer's catalogue: what it is called, takes and needs."""

    dealer_id: str
    op_code: str
    name: str
    name_en: str
    standard_hours: Decimal
    skill: Skill
    guarantee_class: GuaranteeClass
    system: VehicleSystem
    safety_related: bool
    active: bool
    updated_by: str
    updated_at: datetime

    @classmethod
    def define(cls, *, dealer_id: str, op_code: str, name: str, name_en: str,
               standard_hours: Decimal | str, skill: Skill, guarantee_class: GuaranteeClass,
               system: VehicleSystem, safety_related: bool, active: bool = True, by: str,
               at: datetime) -> Operation:
        """A new operation (code normalised, hours as labour hours are: > 0, ≤ 100, 2 places)."""
        op = cls(dealer_id=dealer_id, op_code=normalise_code(op_code), name="", name_en="",
                 standard_hours=Decimal(0), skill=skill, guarantee_class=guarantee_class,
                 system=system, safety_related=safety_related, active=active, updated_by=by,
                 updated_at=at)
        op.revise(name=name, name_en=name_en, standard_hours=standard_hours, skill=skill,
                  guarantee_class=guarantee_class, system=system, safety_related=safety_related,
                  active=active, by=by, at=at)
        return op

    def revise(self, *, name: str, name_en: str, standard_hours: Decimal | str, skill: Skill,
               guarantee_class: GuaranteeClass, system: VehicleSystem, safety_related: bool,
               active: bool, by: str, at: datetime) -> None:
        """Change what the operation is; the code stays."""
        if not name.strip():
            raise InvalidInput("name must not be blank / 名称不能为空", field="name")
        self.name, self.name_en = name.strip(), name_en.strip()
        self.standard_hours = values.labor_hours(standard_hours)
        self.skill, self.guarantee_class, self.system = skill, guarantee_class, system
        self.safety_related, self.active = safety_related, active
        self.updated_by, self.updated_at = by, at


@dataclass(frozen=True)
class MenuPart:
    """A part a menu brings with it."""

    part_no: str
    qty: Decimal


@dataclass(eq=False)
class Menu:
    """A maintenance menu (保养菜单): a bundle of operations and parts, e.g. the 5,000 km service."""

    dealer_id: str
    code: str
    name: str
    name_en: str
    mileage_km: int | None
    operations: tuple[str, ...]
    parts: tuple[MenuPart, ...]
    active: bool
    updated_by: str
    updated_at: datetime

    @classmethod
    def define(cls, *, dealer_id: str, code: str, name: str, name_en: str,
               mileage_km: int | None, operations: Iterable[str],
               parts: Iterable[tuple[str, Decimal | str]], known: Iterable[str], active: bool = True,
               by: str, at: datetime) -> Menu:
        """A menu whose operations are all in the catalogue (`known` codes), 422 otherwise."""
        if not name.strip():
            raise InvalidInput("name must not be blank / 名称不能为空", field="name")
        if mileage_km is not None and mileage_km <= 0:
            raise InvalidInput("mileage_km must be more than 0 / 里程必须大于 0", field="mileage_km")
        ops = tuple(dict.fromkeys(normalise_code(o, field_name="operations") for o in operations))
        if not ops:
            raise InvalidInput("a menu needs at least one operation / 保养菜单至少包含一个工时项目",
                               field="operations")
        unknown = sorted(set(ops) - set(known))
        if unknown:
            raise InvalidInput(f"operations not in the catalogue: {', '.join(unknown)} / "
                               "工时目录中没有这些项目", field="operations")
        lines = tuple(MenuPart(values.normalise_part_no(p), values.part_qty(q)) for p, q in parts)
        return cls(dealer_id=dealer_id, code=normalise_code(code, field_name="code"),
                   name=name.strip(), name_en=name_en.strip(), mileage_km=mileage_km,
                   operations=ops, parts=lines, active=active, updated_by=by, updated_at=at)


@dataclass(frozen=True)
class MenuJob:
    """A job a menu puts on the estimate: one per operation; the parts go on the first job."""

    op_code: str
    description: str
    labor_hours: Decimal
    skill: Skill
    parts: tuple[MenuPart, ...]


def menu_jobs(menu: Menu, catalogue: dict[str, Operation]) -> list[MenuJob]:
    """The estimate jobs a menu brings: its operations at standard hours, its parts on the first."""
    if not menu.active:
        raise InvalidInput(f"menu {menu.code} is not active / 该保养菜单已停用", field="menu_code")
    jobs: list[MenuJob] = []
    for position, code in enumerate(menu.operations):
        op = catalogue.get(code)
        if op is None or not op.active:
            raise InvalidInput(f"operation {code} of menu {menu.code} is not in the catalogue / "
                               "保养菜单中的工时项目不在目录中", field="menu_code")
        jobs.append(MenuJob(op_code=op.op_code, description=f"{menu.name} · {op.name}",
                            labor_hours=op.standard_hours, skill=op.skill,
                            parts=menu.parts if position == 0 else ()))
    return jobs


@dataclass(frozen=True)
class JobTerms:
    """What a new job is called, takes and needs, once the catalogue has had its say."""

    description: str
    labor_hours: Decimal
    skill: Skill


def job_from_catalogue(op: Operation | None, *, description: str | None,
                       labor_hours: Decimal | str | None, skill: Skill | None) -> JobTerms:
    """A catalogue operation gives the skill, and the standard hours and name when not given."""
    if op is not None:
        return JobTerms(description=(description or "").strip() or op.name,
                        labor_hours=values.labor_hours(labor_hours or op.standard_hours),
                        skill=op.skill)
    if labor_hours is None:
        raise InvalidInput("labor_hours is required for an operation not in the catalogue / "
                           "工时目录中没有该项目，须填写工时", field="labor_hours")
    if not (description or "").strip():
        raise InvalidInput("description is required for an operation not in the catalogue / "
                           "工时目录中没有该项目，须填写说明", field="description")
    return JobTerms(description=(description or "").strip(),
                    labor_hours=values.labor_hours(labor_hours), skill=skill or Skill.MECHANICAL)
