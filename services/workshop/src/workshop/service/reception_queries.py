"""Reads of reception: a vehicle's deferred work, the manager's 三包 alerts (read-only sessions)."""

from __future__ import annotations

from aftersales_common.auth import Principal
from aftersales_common.db import Session
from aftersales_common.errors import NotFound
from workshop.adapters import alerts_repo, deferred_repo
from workshop.adapters.repository import VehicleFiles
from workshop.domain.deferred import DeferredWork
from workshop.domain.sanbao import AlertStatus, SanbaoAlert


async def deferred_of_vehicle(session: Session, *, principal: Principal, vehicle_id: str,
                              include_taken_up: bool) -> list[DeferredWork]:
    """A vehicle's deferred work: staff of its dealer, or the customer who owns it (404 else)."""
    vehicle = await VehicleFiles(session).vehicle(vehicle_id)
    if principal.is_customer:
        if vehicle is None or vehicle.customer_id != principal.customer_id:
            raise NotFound("vehicle not found / 未找到车辆")
        return await deferred_repo.of_vehicle(session, vehicle_id=vehicle_id, dealer_ids=None,
                                              customer_id=principal.customer_id,
                                              include_taken_up=include_taken_up)
    if vehicle is not None:
        principal.check_record(vehicle.dealer_id, vehicle.customer_id)
    return await deferred_repo.of_vehicle(session, vehicle_id=vehicle_id,
                                          dealer_ids=principal.listable_dealers(None),
                                          customer_id=None, include_taken_up=include_taken_up)


async def sanbao_alerts(session: Session, *, principal: Principal, dealer_id: str | None,
                        status: AlertStatus | None, vehicle_id: str | None, limit: int,
                        cursor: str | None) -> tuple[list[SanbaoAlert], str | None]:
    """A page of 三包 alerts of the caller's dealers."""
    dealers = principal.listable_dealers(dealer_id)
    if not dealers:
        return [], None
    return await alerts_repo.alerts(session, dealer_ids=dealers, status=status,
                                    vehicle_id=vehicle_id, limit=limit, cursor=cursor)
