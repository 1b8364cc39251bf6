"""Checklists, washing -> ready, delivery (warranty signature, old parts, next service), the gate
pass and the electronic repair record, on plain values."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal as D

import pytest

from aftersales_common.errors import Conflict, InvalidInput
from workshop.domain import delivery as dl
from workshop.domain import events as ev
from workshop.domain.gate import ALPHABET, CODE_LENGTH, GatePass, read_code
from workshop.domain.progress import Progress
from workshop.domain.quality import DEFAULT_CHECKLISTS, ChecklistAnswer, verify_checklist
from workshop.domain.repair_order import RepairOrder
from workshop.domain.statuses import JobStatus, OrderStatus, QcLevel

T0 = datetime(2026, 12, 1, 1, 30, tzinfo=UTC)
ROLES = {QcLevel.SELF: {"technician"}, QcLevel.FOREMAN: {"foreman"},
         QcLevel.FINAL: {"qc_inspector"}, QcLevel.PRE_DELIVERY: {"service_advisor"}}


def _at(minutes: int = 0) -> datetime:
    return T0 + timedelta(minutes=minutes)


def _finished(*pay_types: str) -> RepairOrder:
    order = RepairOrder.open(order_no="RO20261201-0001", dealer_id="d1", appointment_id="a1",
                             customer_id="c1", vehicle_id="v1", vin="LSVAU2180N2183294",
                             plate="沪A12345", model="Lavida", service_type="repair",
                             concern="刹车异响 brakes squeal", by="sa", at=_at())
    order.record_walk_around(odometer_km=23_500, fuel_level=50, notes="", damages=[],
                             valuables=[], by="sa", at=_at())
    for n, pay in enumerate(pay_types or ("customer",)):
        order.add_job(op_code=f"OP-{n}", description=f"项目 {n}", labor_hours="1.5",
                      pay_type=pay, parts=[("bp-100", "2")], by="sa", at=_at(1))
    order.authorize(signed_by="张伟", at=_at(2))
    for job in order.jobs:
        order.assign(job_id=job.id, technician=f"tech-{job.position}", by="fm", at=_at(2))
        order.start_job(job_id=job.id, technician=f"tech-{job.position}", may_override=False,
                        at=_at(3))
        order.finish_job(job_id=job.id, notes=None, at=_at(4))
    return order


def _check(order: RepairOrder, level: QcLevel, passed: bool = True, **kw):
    return order.record_qc(level=level, passed=passed, by="x", roles=ROLES[level], at=_at(5),
                           **kw)


def _ready(order: RepairOrder) -> RepairOrder:
    for level in (QcLevel.SELF, QcLevel.FOREMAN, QcLevel.FINAL):
        _check(order, level)
    order.wash_car(washed=True, by="washer", at=_at(6))
    return order


def _deliverable(*pay_types: str) -> RepairOrder:
    order = _ready(_finished(*pay_types))
    _check(order, QcLevel.PRE_DELIVERY)
    order.mark_paid(invoice_id="inv-1", at=_at(7), invoice_no="INV-2026-000042",
                    total=D("480.00"))
    order.pull_events()
    return order


# ---- checklists --------------------------------------------------------------------------
FINAL_ITEMS = DEFAULT_CHECKLISTS[QcLevel.FINAL]


def _answers(*not_ok: str) -> list[ChecklistAnswer]:
    return [ChecklistAnswer(i.code, i.code not in not_ok, "x" if i.code in not_ok else "")
            for i in FINAL_ITEMS]


def test_every_level_has_its_own_sheet():
    assert set(DEFAULT_CHECKLISTS) == set(QcLevel)
    for items in DEFAULT_CHECKLISTS.values():
        codes = [i.code for i in items]
        assert len(codes) == len(set(codes)) >= 5 and all(i.name and i.name_en for i in items)


def test_a_checklist_is_answered_in_full_and_kept_in_the_sheets_order():
    answers = list(reversed(_answers()))
    kept = verify_checklist(FINAL_ITEMS, answers, passed=True)
    assert [a.item for a in kept] == [i.code for i in FINAL_ITEMS]
    with pytest.raises(InvalidInput) as err:
        verify_checklist(FINAL_ITEMS, answers[1:], passed=True)
    assert err.value.field == "checklist" and "misses" in err.value.detail
    with pytest.raises(InvalidInput):
        verify_checklist(FINAL_ITEMS, [*answers, ChecklistAnswer("sunroof", True)], passed=True)
    with pytest.raises(InvalidInput):
        verify_checklist(FINAL_ITEMS, [*answers, answers[0]], passed=True)


def test_a_pass_with_a_point_not_ok_is_refused_but_a_failure_may_name_it():
    with pytest.raises(InvalidInput) as err:
        verify_checklist(FINAL_ITEMS, _answers("brakes"), passed=True)
    assert "brakes" in err.value.detail and "不合格" in err.value.detail
    kept = verify_checklist(FINAL_ITEMS, _answers("brakes"), passed=False)
    assert [a.item for a in kept if not a.ok] == ["brakes"]


def test_a_check_keeps_its_checklist_and_the_technicians_of_the_jobs_sent_back():
    order = _finished("customer", "customer")
    _check(order, QcLevel.SELF)
    second = order.jobs[1]
    answers = verify_checklist(DEFAULT_CHECKLISTS[QcLevel.FOREMAN],
                               [ChecklistAnswer(i.code, i.code != "road_test")
                                for i in DEFAULT_CHECKLISTS[QcLevel.FOREMAN]], passed=False)
    _check(order, QcLevel.FOREMAN, passed=False, job_ids=[second.id], checklist=answers)
    record = order.qc_checks[-1]
    assert record.checklist == answers
    assert record.rework_by == {second.id: "tech-2"} and second.rework_count == 1


# ---- washing, then ready ---------------------------------------------------------------
def test_the_car_is_ready_only_once_washed_not_at_the_final_pass():
    order = _finished()
    _check(order, QcLevel.SELF)
    _check(order, QcLevel.FOREMAN)
    order.pull_events()
    _check(order, QcLevel.FINAL)
    assert [type(e).__name__ for e in order.pull_events()] == ["QcPassed"]
    assert order.status == OrderStatus.QC_PASSED and order.progress == Progress.QUALITY_CHECK
    with pytest.raises(Conflict) as err:
        _check(order, QcLevel.PRE_DELIVERY)
    assert err.value.code == "not-ready"
    order.wash_car(washed=True, by="washer", at=_at(6))
    (ready,) = order.pull_events()
    assert isinstance(ready, ev.VehicleReady) and ready.wash == dl.WashOutcome.WASHED
    assert ready.at == order.ready_at == _at(6) and order.progress == Progress.READY
    assert order.wash == dl.Wash(dl.WashOutcome.WASHED, "washer", _at(6))
    with pytest.raises(Conflict) as err:
        order.wash_car(washed=True, by="washer", at=_at(7))
    assert err.value.code == "already-ready"


def test_washing_declined_by_the_customer_also_makes_the_car_ready():
    order = _finished()
    for level in (QcLevel.SELF, QcLevel.FOREMAN, QcLevel.FINAL):
        _check(order, level)
    order.pull_events()
    order.wash_car(washed=False, by="sa", at=_at(6))
    (ready,) = order.pull_events()
    assert ready.wash == dl.WashOutcome.DECLINED and order.progress == Progress.READY


def test_no_washing_before_the_final_inspection():
    order = _finished()
    _check(order, QcLevel.SELF)
    with pytest.raises(Conflict) as err:
        order.wash_car(washed=True, by="washer", at=_at(6))
    assert err.value.code == "qc-not-passed" and order.ready_at is None


def test_a_failed_check_before_delivery_sends_the_car_back_and_it_is_washed_again():
    order = _ready(_finished())
    _check(order, QcLevel.PRE_DELIVERY, passed=False)
    assert order.ready_at is None and order.wash is None and order.progress == Progress.IN_REPAIR
    job = order.jobs[0]
    order.start_job(job_id=job.id, technician="tech-1", may_override=False, at=_at(8))
    order.finish_job(job_id=job.id, notes=None, at=_at(9))
    for level in (QcLevel.SELF, QcLevel.FOREMAN, QcLevel.FINAL):
        _check(order, level)
    with pytest.raises(Conflict):
        _check(order, QcLevel.PRE_DELIVERY)
    order.wash_car(washed=True, by="washer", at=_at(10))
    _check(order, QcLevel.PRE_DELIVERY)


# ---- next service advice ---------------------------------------------------------------
def test_next_service_by_date_and_by_mileage_from_the_dealers_interval():
    advice = dl.next_service(delivered_on=date(2026, 12, 1), odometer_km=23_500, every_km=5_000,
                             every_months=6)
    assert advice == dl.NextService(date(2027, 6, 1), 28_500, dl.NextServiceBasis.POLICY)
    end_of_month = dl.next_service(delivered_on=date(2026, 8, 31), odometer_km=None,
                                   every_km=5_000, every_months=6)
    assert end_of_month.due_on == date(2027, 2, 28) and end_of_month.due_km is None


def test_next_service_after_a_menu_is_the_next_menu_above_the_odometer():
    menus = (5_000, 10_000, 15_000, 20_000)
    advice = dl.next_service(delivered_on=date(2026, 12, 1), odometer_km=10_300, every_km=5_000,
                             every_months=6, menu_km=10_000, menu_mileages=menus)
    assert (advice.due_km, advice.basis) == (15_000, dl.NextServiceBasis.MENU)
    late = dl.next_service(delivered_on=date(2026, 12, 1), odometer_km=16_000, every_km=5_000,
                           every_months=6, menu_km=10_000, menu_mileages=menus)
    assert late.due_km == 20_000
    beyond = dl.next_service(delivered_on=date(2026, 12, 1), odometer_km=20_400, every_km=5_000,
                             every_months=6, menu_km=20_000, menu_mileages=menus)
    assert (beyond.due_km, beyond.basis) == (25_400, dl.NextServiceBasis.POLICY)


# ---- delivery ----------------------------------------------------------------------------
def test_warranty_work_needs_the_customers_signature_at_delivery():
    order = _deliverable("customer", "warranty")
    with pytest.raises(InvalidInput) as err:
        order.deliver(by="sa", at=_at(9), odometer_km=None)
    assert err.value.field == "warranty_signed_by" and order.status == OrderStatus.QC_PASSED
    with pytest.raises(InvalidInput):
        order.deliver(by="sa", at=_at(9), odometer_km=None, warranty_signed_by="  ")
    order.deliver(by="sa", at=_at(9), odometer_km=None, warranty_signed_by="张伟")
    assert order.handover and order.handover.warranty_signed_by == "张伟"


def test_no_signature_needed_without_warranty_work():
    order = _deliverable("customer", "internal")
    order.deliver(by="sa", at=_at(9), odometer_km=None)
    assert order.status == OrderStatus.DELIVERED


def test_old_parts_must_be_handled_as_the_customer_chose():
    assert dl.check_handover(has_warranty_work=False, old_parts_choice="keep",
                             warranty_signed_by=None,
                             old_parts_handled=dl.OldPartsHandling.HANDED_OVER,
                             documents=()).old_parts_handled == dl.OldPartsHandling.HANDED_OVER
    with pytest.raises(InvalidInput) as err:
        dl.check_handover(has_warranty_work=False, old_parts_choice="keep",
                          warranty_signed_by=None, old_parts_handled=dl.OldPartsHandling.DISPOSED,
                          documents=())
    assert err.value.field == "old_parts_handled"
    with pytest.raises(InvalidInput):
        dl.check_handover(has_warranty_work=False, old_parts_choice="dispose",
                          warranty_signed_by=None,
                          old_parts_handled=dl.OldPartsHandling.HANDED_OVER, documents=())


def test_delivery_issues_a_gate_pass_advises_the_next_service_and_records_the_visit():
    order = _deliverable("customer", "warranty")
    order.deliver(by="sa", at=_at(9), odometer_km=23_560, warranty_signed_by="张伟",
                  documents=[dl.Document.SETTLEMENT, dl.Document.KEYS, dl.Document.KEYS],
                  terms=dl.ServiceTerms(every_km=7_500, every_months=12),
                  part_names={"BP-100": "前刹车片 front brake pads"})
    assert order.handover and order.handover.documents == (dl.Document.SETTLEMENT,
                                                           dl.Document.KEYS)
    assert order.next_service == dl.NextService(date(2027, 12, 1), 31_060,
                                                dl.NextServiceBasis.POLICY)
    assert order.gate_pass and order.gate_pass.issued_by == "sa" and not order.gate_pass.used
    delivered, record = order.pull_events()
    assert isinstance(delivered, ev.VehicleDelivered)
    assert delivered.next_service == order.next_service
    assert isinstance(record, ev.RepairRecordCreated)
    assert record.settlement_no == "INV-2026-000042" and record.odometer_km == 23_560
    assert record.opened_at == _at() and record.delivered_at == _at(9)
    assert record.fault_description == "刹车异响 brakes squeal"
    assert [(i.op_code, i.labor_hours, i.pay_type) for i in record.items] == [
        ("OP-0", D("1.5"), "customer"), ("OP-1", D("1.5"), "warranty")]
    assert [(p.part_no, p.name, p.qty, p.origin.value) for p in record.parts] == [
        ("BP-100", "前刹车片 front brake pads", D(2), "original")] * 2
    assert record.total_hours == D("3.0")


def test_declined_work_is_not_on_the_electronic_record():
    order = _finished()
    extra = order.add_job(op_code="WASH-X", description="镀膜", labor_hours="2", pay_type="customer",
                          parts=[], by="sa", at=_at(4))
    order.decide_additional_work(job_ids=[extra.id], approve=False, signed_by="张伟", at=_at(4))
    _ready(order)
    _check(order, QcLevel.PRE_DELIVERY)
    order.mark_paid(invoice_id="inv-1", at=_at(7))
    order.pull_events()
    order.deliver(by="sa", at=_at(9), odometer_km=None)
    record = order.pull_events()[-1]
    assert isinstance(record, ev.RepairRecordCreated)
    assert [i.op_code for i in record.items] == ["OP-0"] and extra.status == JobStatus.DECLINED
    assert record.settlement_no is None  # billing has not told workshop the number (older events)


# ---- the gate pass -------------------------------------------------------------------------
def test_a_gate_pass_code_is_short_random_and_readable():
    codes = {GatePass.issue(by="sa", at=_at()).code for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == CODE_LENGTH and set(c) <= set(ALPHABET) for c in codes)
    assert not set("IO01") & set(ALPHABET)
    gate = GatePass.issue(by="sa", at=_at())
    assert read_code(gate.qr_text) == gate.code == read_code(f" {gate.code.lower()} ")


def test_a_gate_pass_is_valid_once():
    order = _deliverable()
    with pytest.raises(Conflict):
        RepairOrder.pass_gate(_ready(_finished()), by="guard", at=_at(10))
    order.deliver(by="sa", at=_at(9), odometer_km=None)
    order.pull_events()
    gate = order.pass_gate(by="guard", at=_at(10))
    assert gate.used and gate.exited_at == _at(10) and gate.checked_by == "guard"
    (exited,) = order.pull_events()
    assert isinstance(exited, ev.VehicleExited) and exited.code == gate.code
    with pytest.raises(Conflict) as err:
        order.pass_gate(by="guard", at=_at(11))
    assert err.value.code == "already-used" and gate.exited_at == _at(10)
