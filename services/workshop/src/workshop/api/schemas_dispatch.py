"""Request and response bodies of the roster, dispatch, clocking and the manager's view."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from aftersales_common.web.inputs import Actor, Id, text
from aftersales_common.wire import DealerTime
from aftersales_common.wire import PlainDecimal as Amount
from workshop.domain import dispatch, kpi
from workshop.domain.clocking import HoursTotal, JobHours, LineEnd, LineKind, PauseReason
from workshop.domain.technicians import Technician
from workshop.domain.terms import Skill

ShiftTime = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", max_length=5, examples=["08:30"],
                                 description="a time of day, HH:MM in the dealer's zone")]


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TechnicianChange(Input):
    name: Annotated[str, text(120, min_length=1)]
    skills: list[Skill] = Field(min_length=1, max_length=len(Skill))
    team: Annotated[str, text(60)] = Field(default="", description="e.g. 机电一组, 钣喷组")
    shift_start: ShiftTime = "08:30"
    shift_end: ShiftTime = "17:30"
    active: bool = True


class TechnicianCreate(TechnicianChange):
    dealer_id: Id
    user_id: Actor = Field(description="the `sub` of the technician's login (e.g. tech)")


class PauseIn(Input):
    reason: PauseReason
    note: Annotated[str, text(500)] = Field(default="", description="required when reason=other")


class WaitingIn(Input):
    customer_waiting: bool


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ClockLineOut(Out):
    id: str
    technician: str
    kind: LineKind
    started_at: DealerTime
    ended_at: DealerTime | None
    end: LineEnd | None = Field(description="pause or finish; null while clocked on")
    reason: PauseReason | None
    note: str


class TechnicianOut(BaseModel):
    id: str
    dealer_id: str
    user_id: str
    name: str
    skills: list[Skill]
    team: str
    shift_start: str
    shift_end: str
    active: bool

    @classmethod
    def of(cls, t: Technician) -> TechnicianOut:
        return cls(id=t.id, dealer_id=t.dealer_id, user_id=t.user_id, name=t.name,
                   skills=sorted(t.skills), team=t.team, shift_start=f"{t.shift_start:%H:%M}",
                   shift_end=f"{t.shift_end:%H:%M}", active=t.active)


class LoadOut(BaseModel):
    technician: TechnicianOut
    held_hours: Amount = Field(description="sold hours of their assigned, unfinished jobs")
    available_hours: Amount = Field(description="hours left in the shift (the next one after it)")
    usable_hours: Amount = Field(description="available hours less the reserve kept free")
    load: Amount = Field(description="held / available (1 = full)")
    jobs: int

    @classmethod
    def of(cls, ld: dispatch.Load) -> LoadOut:
        two = Decimal("0.01")
        return cls(technician=TechnicianOut.of(ld.technician), held_hours=ld.held,
                   available_hours=ld.available.quantize(two), usable_hours=ld.usable.quantize(two),
                   load=ld.ratio, jobs=ld.jobs)


class SuggestionOut(LoadOut):
    has_skill: bool
    same_team: bool = Field(description="in the team of the order's other jobs")
    fits: bool = Field(description="the job fits without eating into the reserve")
    suggested: bool = Field(description="has the skill and fits")

    @classmethod
    def of_suggestion(cls, s: dispatch.Suggestion) -> SuggestionOut:
        return cls(**LoadOut.of(s.load).model_dump(), has_skill=s.has_skill,
                   same_team=s.same_team, fits=s.fits, suggested=s.suggested)


class QueueItemOut(BaseModel):
    order_id: str
    order_no: str
    plate: str
    model: str
    job_id: str
    op_code: str
    description: str
    skill: Skill
    labor_hours: Amount
    status: str
    priority: dispatch.PriorityName = Field(
        description="rework, then waiting (customer in the lounge), appointment, walk_in")
    customer_waiting: bool
    rework_count: int
    created_at: DealerTime
    suggestion: SuggestionOut | None = Field(description="the best placed technician, if any fits")

    @classmethod
    def of(cls, item: dispatch.QueueItem, ranked: list[dispatch.Suggestion]) -> QueueItemOut:
        o, j = item.order, item.job
        best = next((s for s in ranked if s.suggested), None)
        return cls(order_id=o.id, order_no=o.order_no, plate=o.plate, model=o.model, job_id=j.id,
                   op_code=j.op_code, description=j.description, skill=j.skill,
                   labor_hours=j.labor_hours, status=j.status.value,
                   priority=item.priority_name, customer_waiting=o.customer_waiting,
                   rework_count=j.rework_count, created_at=o.created_at,
                   suggestion=SuggestionOut.of_suggestion(best) if best else None)


class DispatchOut(BaseModel):
    dealer_id: str
    reserve_capacity_pct: int
    at: DealerTime
    queue: list[QueueItemOut]
    technicians: list[LoadOut]


class SuggestionsOut(BaseModel):
    job_id: str
    skill: Skill
    labor_hours: Amount
    items: list[SuggestionOut]


class HoursFigures(BaseModel):
    sold: Amount
    work: Amount
    rework: Amount
    clocked: Amount
    efficiency: Amount | None = Field(description="sold / clocked (null before any clocking)")


class JobHoursOut(HoursFigures):
    job_id: str
    op_code: str
    description: str
    technician: str | None
    status: str
    clocked_on: bool
    lines: list[ClockLineOut]

    @classmethod
    def of(cls, h: JobHours) -> JobHoursOut:
        return cls.model_validate({**h.__dict__, "lines": [ClockLineOut.model_validate(line)
                                                           for line in h.lines]})


class OrderHoursOut(BaseModel):
    order_id: str
    order_no: str
    jobs: list[JobHoursOut]
    total: HoursFigures

    @classmethod
    def of(cls, order_id: str, order_no: str, jobs: list[JobHours],
           t: HoursTotal) -> OrderHoursOut:
        return cls(order_id=order_id, order_no=order_no, jobs=[JobHoursOut.of(j) for j in jobs],
                   total=HoursFigures.model_validate(t.__dict__))


class TechnicianHoursOut(HoursFigures):
    technician: TechnicianOut
    from_: date = Field(alias="from")
    to: date
    jobs_finished: int
    comebacks: int = Field(description="jobs of theirs a failed check sent back to rework")

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


class StageName(StrEnum):
    OPENED_TO_AUTHORIZED = "opened_to_authorized"
    AUTHORIZED_TO_START = "authorized_to_start"
    START_TO_FINAL_QC = "start_to_final_qc"
    FINAL_QC_TO_DELIVERED = "final_qc_to_delivered"


class StageOut(BaseModel):
    stage: StageName
    average_hours: Amount | None
    orders: int


class DayFlowOut(BaseModel):
    day: date
    vehicles_in: int
    vehicles_out: int


class TechnicianFiguresOut(BaseModel):
    user_id: str
    name: str
    team: str
    sold: Amount
    clocked: Amount
    attended: Amount
    efficiency: Amount | None
    productivity: Amount | None
    jobs_finished: int
    comebacks: int
    comeback_rate: Amount | None


class KpiOut(BaseModel):
    """The manager's view (看板): see `domain/kpi.py` for each definition."""

    dealer_id: str
    from_: date = Field(alias="from")
    to: date
    flow: list[DayFlowOut] = Field(description="vehicles in (orders opened) and out (delivered)")
    sold: Amount
    clocked: Amount
    rework_clocked: Amount
    attended: Amount
    available: Amount
    efficiency: Amount | None = Field(description="sold / clocked")
    productivity: Amount | None = Field(description="clocked / attended")
    utilisation: Amount | None = Field(description="sold / available")
    orders_finished: int
    comeback_orders: int
    comeback_rate: Amount | None
    stages: list[StageOut]
    late_orders: int
    orders_with_promise: int
    late_note: str
    technicians: list[TechnicianFiguresOut]

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    @classmethod
    def of(cls, dealer_id: str, period: kpi.Period, f: kpi.Figures) -> KpiOut:
        data: dict[str, Any] = {
            **{k: v for k, v in f.__dict__.items() if k not in ("flow", "stages", "technicians")},
            "flow": [DayFlowOut.model_validate(d.__dict__) for d in f.flow],
            "stages": [StageOut(stage=StageName(s.name), average_hours=s.average_hours,
                                orders=s.orders) for s in f.stages],
            "technicians": [TechnicianFiguresOut.model_validate(t.__dict__) for t in f.technicians],
            "late_note": ("orders without a promised completion time are not counted / "
                          "未承诺交车时间的委托书不计入"),
        }
        return cls(dealer_id=dealer_id, from_=period.first, to=period.last, **data)
