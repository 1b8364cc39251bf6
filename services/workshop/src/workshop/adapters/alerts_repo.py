"""三包 alerts in and out of their rows (commands) and the manager's list (reads)."""

from __future__ import annotations

from sqlalchemy import select

from aftersales_common.auth import Principal
from aftersales_common.db import Session
from aftersales_common.errors import NotFound
from aftersales_common.messaging.unit_of_work import UnitOfWork
from aftersales_common.web.pagination import keyset, page_of
from workshop.adapters import tables as t
from workshop.domain.rules import AlertReason
from workshop.domain.sanbao import AlertStatus, SanbaoAlert

_FIELDS = ("dealer_id", "vehicle_id", "customer_id", "vin", "plate", "count", "limit",
           "raised_on_order", "raised_at", "updated_at", "acknowledged_by", "acknowledged_at",
           "note")


def alert_of(row: t.SanbaoAlert) -> SanbaoAlert:
    """The alert from its row."""
    return SanbaoAlert(id=row.id, reason=AlertReason(row.reason), system=row.system_key or None,
                       order_ids=tuple(row.order_ids or ()), status=AlertStatus(row.status),
                       **{f: getattr(row, f) for f in _FIELDS})


class SanbaoAlerts:
    """Alerts within one unit of work (tracked, written at commit)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.session: Session = uow.session

    def add(self, alert: SanbaoAlert) -> None:
        self.uow.track(alert, self._save)

    async def of_vehicle(self, dealer_id: str, vehicle_id: str) -> list[SanbaoAlert]:
        """The vehicle's alerts at this dealer, tracked."""
        rows = (await self.session.execute(select(t.SanbaoAlert).where(
            t.SanbaoAlert.dealer_id == dealer_id, t.SanbaoAlert.vehicle_id == vehicle_id))).scalars()
        alerts = [alert_of(r) for r in rows]
        for alert in alerts:
            self.uow.track(alert, self._save)
        return alerts

    async def get(self, alert_id: str, principal: Principal) -> SanbaoAlert:
        """One alert of the caller's dealers (404 otherwise), tracked."""
        row = await self.session.get(t.SanbaoAlert, alert_id, with_for_update=True)
        if row is None:
            raise NotFound("三包 alert not found / 未找到三包预警")
        principal.check_record(row.dealer_id, None)
        alert = alert_of(row)
        self.uow.track(alert, self._save)
        return alert

    async def _save(self, alert: SanbaoAlert) -> None:
        row = await self.session.get(t.SanbaoAlert, alert.id) or t.SanbaoAlert(
            id=alert.id, reason=alert.reason.value, system_key=alert.system or "",
            **{f: getattr(alert, f) for f in _FIELDS})
        for name in _FIELDS:
            setattr(row, name, getattr(alert, name))
        row.order_ids, row.status = list(alert.order_ids), alert.status.value
        self.session.add(row)


async def alerts(session: Session, *, dealer_ids: list[str], status: AlertStatus | None,
                 vehicle_id: str | None, limit: int,
                 cursor: str | None) -> tuple[list[SanbaoAlert], str | None]:
    """A page of the dealers' alerts, oldest raised first."""
    query = select(t.SanbaoAlert).where(t.SanbaoAlert.dealer_id.in_(dealer_ids))
    if status is not None:
        query = query.where(t.SanbaoAlert.status == status.value)
    if vehicle_id:
        query = query.where(t.SanbaoAlert.vehicle_id == vehicle_id)
    rows = (await session.execute(
        keyset(query, t.SanbaoAlert.raised_at, t.SanbaoAlert.id, limit, cursor))).scalars().all()
    page, nxt = page_of(list(rows), limit)
    return [alert_of(r) for r in page], nxt


async def open_orders(session: Session, dealer_ids: list[str]) -> list[str]:
    """Ids of the dealers' orders still in the workshop (for the loaner check)."""
    closed = ("delivered", "cancelled")
    rows = await session.execute(select(t.RepairOrder.id).where(
        t.RepairOrder.dealer_id.in_(dealer_ids), t.RepairOrder.status.not_in(closed)))
    return [r for (r,) in rows]
