"""Demo history for reception (idempotent): the demo dealer's second demo car, 李娜's Audi A4L
沪B67890, had its front brake pads replaced 20 days ago and again 4 days ago; on the second visit
she deferred a dent repair on the left front door.

So `make run` shows, for a new order of that car: the deferred dent repair offered at reception
("add to estimate"), a free guarantee-period comeback as soon as BRK-PAD-F is added (within 10
days of the last delivery), and for the manager a 三包 alert (the same safety-related fault
repaired twice) at `/sanbao`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from aftersales_common.auth.demo import DEMO_DEALER_ID, OTHER_CUSTOMER_ID
from aftersales_common.clock import new_id, utcnow
from aftersales_common.runtime import ServiceRuntime
from workshop.adapters import tables as t
from workshop.adapters.deferred_repo import DeferredWorkRepository
from workshop.adapters.repository import OrderRepository
from workshop.domain.deferred import DeferralKind
from workshop.domain.repair_order import Job, RepairOrder
from workshop.domain.statuses import JobStatus, OrderStatus, PayType, QcLevel
from workshop.domain.visit import Arrival, OldParts, PaymentMethod, Reception, VisitType
from workshop.service.reception import assess_delivery

VEHICLE_ID = "e0000000-0000-4000-8000-000000000002"  # booking's seed: 李娜's Audi A4L
VIN, PLATE, MODEL = "LFV2A21K8G4052731", "沪B67890", "Audi A4L"
VISITS = (  # order id, order no, days ago opened, hours in the workshop, odometer
    ("f0000000-0000-4000-8000-00000000a001", "RO-DEMO-0001", 20, 5, 31_200),
    ("f0000000-0000-4000-8000-00000000a002", "RO-DEMO-0002", 4, 6, 32_050),
)


def _job(order_id: str, n: int, op_code: str, description: str, hours: str,
         status: JobStatus, at: datetime) -> Job:
    return Job(id=new_id(), order_id=order_id, position=n, op_code=op_code,
               description=description, labor_hours=Decimal(hours), pay_type=PayType.CUSTOMER,
               parts=(), status=status, additional=False, requested_by="advisor",
               created_at=at, technician="tech" if status == JobStatus.FINISHED else None)


async def seed_reception_history(runtime: ServiceRuntime) -> None:
    """Two delivered brake repairs of the Audi, a dent repair deferred on the second, once.

    Not in the test environment: tests count orders and events from a clean history.
    """
    if runtime.settings.app_env == "test":
        return
    async with runtime.uow() as uow:
        if await uow.session.get(t.RepairOrder, VISITS[-1][0]) is not None:
            return
        repo, deferred, now = OrderRepository(uow), DeferredWorkRepository(uow), utcnow()
        for n, (oid, number, days, hours, km) in enumerate(VISITS):
            opened = now - timedelta(days=days)
            delivered = opened + timedelta(hours=hours)
            jobs = [_job(oid, 1, "BRK-PAD-F", "更换前刹车片 front brake pads", "1",
                         JobStatus.FINISHED, opened)]
            if n == len(VISITS) - 1:
                jobs.append(_job(oid, 2, "BODY-DENT", "左前门凹陷修复 left front door dent", "3",
                                 JobStatus.ESTIMATED, opened))
            order = RepairOrder(
                id=oid, order_no=number, dealer_id=DEMO_DEALER_ID, appointment_id=None,
                customer_id=OTHER_CUSTOMER_ID, vehicle_id=VEHICLE_ID, vin=VIN, plate=PLATE,
                model=MODEL, service_type="repair", concern="刹车时前轮异响 squeal when braking",
                opened_by="advisor", created_at=opened, updated_at=delivered, jobs=jobs,
                reception=Reception(visit_type=VisitType.PAID_REPAIR, arrival=Arrival.WALK_IN,
                                    arrived_at=opened, greeted_at=opened, greeted_by="advisor",
                                    customer_words="踩刹车时前轮吱吱响", extra_work_needs_approval=True,
                                    payment_method=PaymentMethod.WECHAT,
                                    old_parts=OldParts.DISPOSE))
            repo.add(order)  # before its deferred work: that row refers to the order's
            if len(jobs) > 1:  # deferred at reception, before she signed
                deferred.add(order.defer_job(job_id=jobs[1].id, kind=DeferralKind.DEFERRED,
                                             reason="这次时间不够，下次再修 no time this visit",
                                             remind_on=None, by="advisor", at=opened))
            order.status, order.paid, order.paid_at = OrderStatus.DELIVERED, True, delivered
            order.authorized_by, order.authorized_at = "李娜", opened
            order.qc_stage, order.qc_passed_at = QcLevel.PRE_DELIVERY, delivered
            order.delivered_at, order.delivered_by = delivered, "advisor"
            order.delivery_odometer_km = km
    async with runtime.uow() as uow:  # the 三包 rules on the history, as at its last delivery
        last = await OrderRepository(uow).of_dealer(VISITS[-1][0], DEMO_DEALER_ID)
        if last is not None:
            await assess_delivery(uow=uow, order=last, at=utcnow())
